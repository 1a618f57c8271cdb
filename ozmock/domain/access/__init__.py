"""Access: what a key may do (`/v1/roles`)."""
