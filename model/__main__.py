"""``python -m model``: hands over to the command line, which lives outside the pure core (the top-level ``cli``)."""

from cli.main import run

if __name__ == "__main__":
    run()
