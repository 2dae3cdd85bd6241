"""The gateway to Juki-net: inbox of 転出証明書情報, transactional outbox, peers and dispatcher."""
