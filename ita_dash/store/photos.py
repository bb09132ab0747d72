"""Evidence photos as they are stored: whatever a phone sends (JPEG, PNG, WebP…) is decoded with Pillow, turned
upright from its EXIF orientation, shrunk, and re-encoded as a fresh JPEG without any metadata (no GPS position,
no camera serial), with a thumbnail. Anything that is not a picture, too big, or too many pixels is refused in Thai
before it reaches the database."""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass

from PIL import Image, ImageOps, UnidentifiedImageError

from ita_dash.domain.entries import InvalidEntry
from ita_dash.domain.evidence import PHOTO_LIMITS, PhotoLimits


@dataclass(frozen=True)
class PreparedPhoto:
    content: bytes  # JPEG, no EXIF
    thumbnail: bytes  # JPEG, no EXIF
    width: int
    height: int


def _refuse(message: str) -> InvalidEntry:
    return InvalidEntry({"photo": message})


def _jpeg(image: Image.Image, edge: int, quality: int) -> tuple[bytes, int, int]:
    picture = image.copy()
    picture.thumbnail((edge, edge), Image.Resampling.LANCZOS)
    buffer = io.BytesIO()
    # a new image from the pixels alone: nothing of the original's info (EXIF, XMP, ICC, comments) comes along
    clean = Image.frombytes("RGB", picture.size, picture.tobytes())
    clean.save(buffer, "JPEG", quality=quality, optimize=True, progressive=True)
    return buffer.getvalue(), clean.width, clean.height


def prepare_photo(content: bytes, limits: PhotoLimits = PHOTO_LIMITS) -> PreparedPhoto:
    """The stored form of an uploaded picture, or :class:`InvalidEntry` with a Thai reason."""
    if not content:
        raise _refuse("ไฟล์ว่าง — โปรดเลือกภาพใหม่")
    if len(content) > limits.max_upload_bytes:
        raise _refuse(f"ไฟล์ใหญ่เกิน {limits.max_upload_bytes // (1024 * 1024)} MB ({len(content) / 1024 / 1024:.1f} MB) "
                      "— โปรดย่อภาพหรือถ่ายใหม่ด้วยความละเอียดต่ำลง")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(content)) as opened:
                if opened.format not in limits.formats:
                    raise _refuse("รองรับเฉพาะภาพ JPEG, PNG หรือ WebP")
                if opened.width * opened.height > limits.max_pixels:
                    raise _refuse(f"ภาพมีขนาดเกิน {limits.max_pixels // 1_000_000} ล้านพิกเซล")
                if opened.format in ("JPEG", "MPO"):  # decoded at 1/2, 1/4 or 1/8 scale when that still covers
                    opened.draft("RGB", (limits.stored_edge, limits.stored_edge))  # the stored size: less memory
                image = ImageOps.exif_transpose(opened)
                image.load()
                image = image.convert("RGB")
    except InvalidEntry:
        raise
    except (UnidentifiedImageError, Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise _refuse("ไฟล์นี้ไม่ใช่ภาพ หรือภาพเสีย — รองรับ JPEG, PNG หรือ WebP") from None
    except (OSError, ValueError, SyntaxError):
        raise _refuse("อ่านภาพไม่ได้ (ไฟล์อาจเสียหรือไม่ครบ) — โปรดลองอีกครั้ง") from None
    stored, width, height = _jpeg(image, limits.stored_edge, limits.jpeg_quality)
    thumbnail, _, _ = _jpeg(image, limits.thumbnail_edge, 75)
    return PreparedPhoto(content=stored, thumbnail=thumbnail, width=width, height=height)
