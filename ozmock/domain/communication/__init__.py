"""Chats with buyers, reviews and questions."""
