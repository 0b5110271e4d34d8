"""Train the colorizer (not needed for inference)."""

import argparse

from colorizer.model import Colorizer


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", type=str, required=True)
    parser.add_argument("--epochs", type=int, default=10)
    args = parser.parse_args()
    print(Colorizer(style="photo"), args.data, args.epochs)


if __name__ == "__main__":
    main()
