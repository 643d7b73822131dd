"""gpwatch: monitoring of what is said online about UK GP surgeries."""

__version__ = "0.1.0"
