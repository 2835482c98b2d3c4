"""Tools that drive the real bot from outside: server start-up and the simulated user.

Used by the tests (`make test`) and by `make bench`; nothing here is imported by the bot itself.
"""
