"""Tools that drive the real bot from outside: server start-up (servers), the simulated user
(samtal, spela) and the rule case tables (cases).

Used by the tests (`make test`) and by `make bench`; nothing here is imported by the bot itself.
"""
