"""``python -m gyokaku``: the ``gyokaku`` command (how ``gyokaku batch`` starts each conversion
where it has no fork server)."""

from gyokaku.command import main

if __name__ == "__main__":
    main()
