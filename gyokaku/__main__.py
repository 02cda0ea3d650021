"""``python -m gyokaku``: the ``gyokaku`` command (how ``gyokaku batch`` starts each conversion)."""

from gyokaku.cli import main

if __name__ == "__main__":
    main()
