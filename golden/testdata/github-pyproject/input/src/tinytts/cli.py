"""Command line: text in, a WAV file out."""

import argparse

import soundfile

from .synth import synthesize


def main():
    parser = argparse.ArgumentParser(prog="tinytts", description="Speak a text.")
    parser.add_argument("--text", required=True, help="The text to speak")
    parser.add_argument(
        "--voice", default="calm", choices=["calm", "bright", "deep"], help="Voice"
    )
    parser.add_argument("--speed", type=float, default=1.0, help="Speaking rate")
    parser.add_argument(
        "--output_file", default="speech.wav", help="Where to write the WAV file"
    )
    parser.add_argument(
        "--model", default="example-org/tinytts-base", help="Hub model to load"
    )
    args = parser.parse_args()
    audio, rate = synthesize(
        args.text, voice=args.voice, speed=args.speed, model=args.model
    )
    soundfile.write(args.output_file, audio, rate)
