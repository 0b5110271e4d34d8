from tinytts.cli import main


def test_main_exists():
    assert callable(main)
