"""Adapters to the terminal's devices and platform: card readers, biometric devices, keyring."""
