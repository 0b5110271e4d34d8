"""Decode one output file completely and print what it is, as JSON.

Usage: python describe.py FILE

Runs in the generated package's own environment, so it uses whatever that
package installed (PIL, soundfile, av) and falls back to the standard library
(wave) or ffprobe. A file that does not decode is an error, not a report.
"""

import json
import os
import shutil
import subprocess
import sys
import wave


def image(path: str) -> dict:
    from PIL import Image

    with Image.open(path) as im:
        im.load()  # decode every pixel, not just the header
        return {"kind": "image", "format": im.format, "width": im.width, "height": im.height}


def audio(path: str) -> dict:
    try:
        import soundfile

        data, rate = soundfile.read(path)
        frames = len(data)
    except ImportError:
        with wave.open(path) as w:
            rate, frames = w.getframerate(), w.getnframes()
            w.readframes(frames)
    return {"kind": "audio", "rate": rate, "frames": frames, "duration": frames / rate}


def video(path: str) -> dict:
    if not shutil.which("ffprobe"):
        sys.exit("ffprobe is not installed: cannot decode a video")
    out = subprocess.run(
        ["ffprobe", "-v", "error", "-count_frames", "-select_streams", "v:0", "-show_entries",
         "stream=width,height,nb_read_frames:format=duration,format_name", "-of", "json", path],
        check=True, capture_output=True, text=True,
    ).stdout
    info = json.loads(out)
    stream = info["streams"][0]
    return {
        "kind": "video",
        "format": info["format"]["format_name"],
        "width": stream["width"],
        "height": stream["height"],
        "frames": int(stream["nb_read_frames"]),
        "duration": float(info["format"].get("duration", 0)),
    }


def main() -> None:
    path = sys.argv[1]
    ext = os.path.splitext(path)[1].lower()
    if ext in (".png", ".jpg", ".jpeg", ".webp"):
        print(json.dumps(image(path)))
    elif ext in (".wav", ".flac", ".mp3", ".ogg"):
        print(json.dumps(audio(path)))
    elif ext in (".mp4", ".webm", ".gif", ".mov"):
        print(json.dumps(video(path)))
    else:
        sys.exit(f"describe.py: no decoder for {ext} files")


if __name__ == "__main__":
    main()
