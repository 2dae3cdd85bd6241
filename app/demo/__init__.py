"""The demo (training) population: a deterministic, realistic register of 郡山市 residents."""
