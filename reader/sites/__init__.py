"""Saving threads from their web addresses: one module per site, sharing `base`."""
