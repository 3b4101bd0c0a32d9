"""Talking to the Shulin GraphQL gateway: a thin httpx client and the operations it sends."""
