"""harmtrack: a command-line tracker of civilian harm in war.

Nothing heavy is imported here: `harmtrack --version` must start fast.
"""

__version__ = "0.1.0"
