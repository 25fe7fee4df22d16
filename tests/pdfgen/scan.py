"""Image-only copies of a PDF, as an office scanner or a phone camera would make them.

:func:`scan` renders every page of a PDF and puts it through the effects of a
:class:`ScanStyle`, in the order a real page meets them: printing (tone curve, the
printer's dot screen on grey fills), the scanner's or camera's optics (blur), the page
lying askew on the glass or on a desk, the camera's point of view (perspective) and
light, a page fed sideways or upside down (turn), sensor noise and dust, then JPEG
compression as the image is stored in the PDF. Every effect is one field of the style,
off at its default; :data:`STYLES` names the presets (``plain``, ``dark``, ``printed``,
``coloured_jpeg``, ``turned_90``, ``turned_180``, ``turned_270``, ``photo``,
``photo_turned``). Noise and specks come from a generator seeded by the style: the same
style gives the same pixels.

``make_scan`` is the photocopy the OCR tests have always used (``plain`` with a skew).
"""

from __future__ import annotations

import math
from collections.abc import Collection
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
from PIL import Image, ImageFilter

RGB = tuple[float, float, float]
"""A colour, each component from 0 to 1."""

POINTS_PER_INCH = 72
WHITE = 255
SPECK = 40
"""Grey level of a speck of dust."""
PILLOW_JPEG_QUALITY = 75
"""The quality Pillow gives the JPEG of a PDF page when asked nothing."""
HALFTONE_RENDER_DPI = 600
"""Resolution at which a page is printed through a dot screen (a laser printer's)."""
HALFTONE_ANGLE = 45.0
"""Angle of the dot screen, in degrees (the usual one for black)."""
HALFTONE_STRIP = 512
"""Rows of the oversampled page screened at a time (bounded memory)."""
HALFTONE_SAMPLES = 256
"""Samples per period of the spot function when ranking its values."""
LUMA = (0.299, 0.587, 0.114)
"""Weights of red, green and blue in a grey level (ITU-R BT.601, as Pillow's "L")."""
SIDE_KEYSTONE = 0.5
"""Share of the keystone applied to the right edge too: the camera is also a little to
the left of the page, not only below it."""


@dataclass(frozen=True)
class ScanStyle:
    """How a page is scanned or photographed; every effect is off at its default."""

    dpi: int = 200
    """Pixels per inch of paper."""
    skew: float = 0.0
    """Degrees counter-clockwise: the page not square on the glass or on the desk."""
    turn: int = 0
    """0, 90, 180 or 270 degrees counter-clockwise: the page fed sideways or upside down."""
    colour: bool = False
    """RGB pixels (a colour scan, a photo) rather than grey levels."""
    gamma: float = 1.0
    """Tone curve v -> v ** gamma (v from 0 black to 1 white): above 1 deepens greys and
    colours while paper stays white and ink black (a dark photocopy)."""
    halftone: float = 0.0
    """Lines per inch of the dot screen through which the page was printed before it was
    scanned (grey fills become dots, their moiré at a low resolution); 0: none."""
    blur: float = 0.0
    """Radius in pixels of a Gaussian blur: soft optics, a page not flat on the glass."""
    border: float = 0.0
    """Share of the page's width and height of desk shown around it (a photo)."""
    desk: RGB = (0.42, 0.38, 0.33)
    """Colour of what surrounds the page in a photo (with ``border``)."""
    perspective: float = 0.0
    """Keystone of a page photographed off-axis: its far (top) edge shorter than its
    near one by this share, its right edge by half of it."""
    light: float = 0.0
    """Share of brightness lost from the top-left corner to the bottom-right one
    (a lamp or a window on one side)."""
    vignette: float = 0.0
    """Share of brightness lost in the corners against the centre (a phone's lens)."""
    tint: RGB = (1.0, 1.0, 1.0)
    """White balance: each channel multiplied (warm indoor light: blue lowered)."""
    noise: float = 6.0
    """Standard deviation, in grey levels, of the sensor's noise."""
    specks: float = 0.001
    """Share of pixels turned into dark specks (dust on the glass)."""
    jpeg_quality: int = PILLOW_JPEG_QUALITY
    """Quality of the JPEG each page is stored as in the PDF (1-95)."""
    seed: int = 7
    """Seed of the noise and specks."""


PLAIN = ScanStyle()
"""The photocopy of the OCR tests: grey, noise and dust, JPEG at Pillow's quality."""

DARK_GAMMA = 2.5
"""Tone curve of a dark scan: a 0.82 grey comes out 0.61, paper white and ink black."""
DARK_BLUR = 0.6
"""Printed rules thinned and softened, as a dark photocopy gives them."""
PRINTED_DPI = 150
"""The resolution of the scan of a printed page, as the issue's held-out annex has it."""
PRINTED_LPI = 100
"""A laser printer's screen: grey fills printed as dots, 100 lines per inch."""
PRINTED_GAMMA = 1.2
"""A printer's toner a little heavier than the screen's nominal grey."""
PRINTED_BLUR = 0.5
"""The office scanner's soft optics, which blur the dots into a mottled grey."""
OFFICE_JPEG_QUALITY = 30
"""An office scanner's "small file" colour setting: 8×8 blocks, colour bleeding."""
OFFICE_NOISE = 4.0
"""A colour scanner's sensor noise, a little below a photocopier's."""
PHONE_PERSPECTIVE = 0.03
"""3 % keystone: a phone held a little off-axis over the page."""
PHONE_BORDER = 0.05
"""5 % of desk shown on each side of the page."""
PHONE_LIGHT = 0.25
"""A quarter of the brightness lost across the page (a window on one side)."""
PHONE_VIGNETTE = 0.12
"""A phone lens's darker corners."""
PHONE_TINT = (1.0, 0.96, 0.88)
"""Indoor light: warm, the paper yellowish."""
PHONE_BLUR = 0.7
"""A phone's focus and shake on a page held by hand."""
PHONE_NOISE = 4.0
"""A phone sensor's noise after its own denoising."""
PHONE_JPEG_QUALITY = 80
"""A photo as a messaging application sends it."""
PHONE_DPI = 150
"""Pixels per inch of paper of a 2 Mpx phone photo of a whole page (as sent by a
messaging application), about 1 300 × 1 800 pixels for the page."""

PHOTO = ScanStyle(
    dpi=PHONE_DPI,
    colour=True,
    blur=PHONE_BLUR,
    border=PHONE_BORDER,
    perspective=PHONE_PERSPECTIVE,
    light=PHONE_LIGHT,
    vignette=PHONE_VIGNETTE,
    tint=PHONE_TINT,
    noise=PHONE_NOISE,
    specks=0.0,
    jpeg_quality=PHONE_JPEG_QUALITY,
)

STYLES: dict[str, ScanStyle] = {
    "plain": PLAIN,
    "dark": replace(PLAIN, gamma=DARK_GAMMA, blur=DARK_BLUR),
    "printed": replace(
        PLAIN, dpi=PRINTED_DPI, halftone=PRINTED_LPI, gamma=PRINTED_GAMMA, blur=PRINTED_BLUR
    ),
    "coloured_jpeg": replace(
        PLAIN, colour=True, noise=OFFICE_NOISE, jpeg_quality=OFFICE_JPEG_QUALITY
    ),
    "turned_90": replace(PLAIN, turn=90),
    "turned_180": replace(PLAIN, turn=180),
    "turned_270": replace(PLAIN, turn=270),
    "photo": PHOTO,
    "photo_turned": replace(PHOTO, turn=90),
}
"""The named styles: a page scanned or photographed as it really arrives."""


def style_named(name: str) -> ScanStyle:
    if name not in STYLES:
        raise KeyError(f"style de numérisation inconnu : {name} ({', '.join(STYLES)})")
    return STYLES[name]


# --- the effects, one page at a time ------------------------------------------------


def render(page: pdfium.PdfPage, dpi: float, colour: bool) -> Image.Image:
    """The page at ``dpi``, in grey levels ("L") or colour ("RGB")."""
    bitmap = page.render(scale=dpi / POINTS_PER_INCH, grayscale=not colour)
    return bitmap.to_pil().convert("RGB" if colour else "L")


def tone(image: Image.Image, gamma: float) -> Image.Image:
    """Every channel through v -> v ** gamma."""
    return image.point(lambda v: round(WHITE * (v / WHITE) ** gamma))


def _spot_ranks() -> tuple[np.ndarray, np.ndarray]:
    """The values of the round-dot spot function cos u + cos v over one period, sorted,
    and their ranks from 0 to 1: a spot value's rank is the share of the period's area
    below it, so that a level's share of ink is its darkness."""
    phase = np.linspace(0, 2 * math.pi, HALFTONE_SAMPLES, endpoint=False)
    spots = np.sort((np.cos(phase)[:, None] + np.cos(phase)[None, :]).ravel())
    return spots, np.linspace(0, 1, spots.size)


def halftone(image: Image.Image, lpi: float, dpi: float) -> Image.Image:
    """Every channel printed through a round-dot screen of ``lpi`` lines per inch:
    ink where the level is below the screen's threshold, paper elsewhere; the dots
    grow from their centres and cover, on average, the level's darkness."""
    period = dpi / lpi
    spots, ranks = _spot_ranks()
    angle = math.radians(HALFTONE_ANGLE)
    pixels = np.asarray(image)
    out = np.empty_like(pixels)
    x = np.arange(pixels.shape[1], dtype=np.float32)
    for top in range(0, pixels.shape[0], HALFTONE_STRIP):
        y = np.arange(top, min(top + HALFTONE_STRIP, pixels.shape[0]), dtype=np.float32)
        yy, xx = np.meshgrid(y, x, indexing="ij")
        u = (xx * math.cos(angle) + yy * math.sin(angle)) * (2 * math.pi / period)
        v = (yy * math.cos(angle) - xx * math.sin(angle)) * (2 * math.pi / period)
        threshold = np.interp(np.cos(u) + np.cos(v), spots, ranks) * WHITE
        strip = pixels[top : top + len(y)]
        if strip.ndim == 3:
            threshold = threshold[..., None]
        out[top : top + len(y)] = np.where(strip < threshold, 0, WHITE)
    return Image.fromarray(out, image.mode)


def fill_of(image: Image.Image, colour: RGB) -> int | tuple[int, int, int]:
    """``colour`` as a fill for ``image`` (its luminance for a grey image)."""
    levels = tuple(round(WHITE * c) for c in colour)
    if image.mode == "L":
        return round(sum(w * level for w, level in zip(LUMA, levels, strict=True)))
    return levels


def on_desk(image: Image.Image, border: float, desk: RGB) -> Image.Image:
    """The page laid on a desk showing ``border`` of its size on each side."""
    dx, dy = round(image.width * border), round(image.height * border)
    canvas = Image.new(image.mode, (image.width + 2 * dx, image.height + 2 * dy))
    canvas.paste(fill_of(image, desk), (0, 0, *canvas.size))
    canvas.paste(image, (dx, dy))
    return canvas


def skew(image: Image.Image, angle: float, fill) -> Image.Image:
    """Turned by ``angle`` degrees counter-clockwise about its centre, same size."""
    return image.rotate(angle, resample=Image.Resampling.BICUBIC, fillcolor=fill)


def perspective_coefficients(
    output: list[tuple[float, float]], source: list[tuple[float, float]]
) -> tuple[float, ...]:
    """PIL's eight PERSPECTIVE coefficients taking each ``output`` corner to the
    ``source`` corner of the same index."""
    rows, right = [], []
    for (x, y), (u, v) in zip(output, source, strict=True):
        rows.append([x, y, 1, 0, 0, 0, -u * x, -u * y])
        rows.append([0, 0, 0, x, y, 1, -v * x, -v * y])
        right.extend((u, v))
    return tuple(np.linalg.solve(np.array(rows, float), np.array(right, float)))


def keystone_corners(width: int, height: int, share: float) -> list[tuple[float, float]]:
    """Where the image's corners (top-left, top-right, bottom-right, bottom-left) land:
    the top edge shorter by ``share``, the right edge by ``share * SIDE_KEYSTONE``."""
    side = share * SIDE_KEYSTONE
    return [
        (width * share / 2, 0.0),
        (width * (1 - share / 2), height * side / 2),
        (float(width), height * (1 - side / 2)),
        (0.0, float(height)),
    ]


def perspective(image: Image.Image, share: float, fill) -> Image.Image:
    """The image seen off-axis (:func:`keystone_corners`), same size, ``fill`` around."""
    w, h = image.size
    corners = [(0.0, 0.0), (float(w), 0.0), (float(w), float(h)), (0.0, float(h))]
    coefficients = perspective_coefficients(keystone_corners(w, h, share), corners)
    return image.transform(
        image.size,
        Image.Transform.PERSPECTIVE,
        coefficients,
        resample=Image.Resampling.BICUBIC,
        fillcolor=fill,
    )


def light_field(width: int, height: int, light: float, vignette: float) -> np.ndarray:
    """Brightness (1 at best) over the image: a linear fall of ``light`` from the
    top-left corner to the bottom-right one, times a radial fall of ``vignette``."""
    x = np.linspace(0, 1, width, dtype=np.float32)[None, :]
    y = np.linspace(0, 1, height, dtype=np.float32)[:, None]
    gradient = 1 - light * (x + y) / 2
    radius = ((x - 0.5) ** 2 + (y - 0.5) ** 2) / 0.5  # 1 in the corners
    return gradient * (1 - vignette * radius)


def quarter_turn(image: Image.Image, degrees: int) -> Image.Image:
    """A quarter turn (or two, or three) counter-clockwise, the canvas following."""
    return image.rotate(degrees, expand=True) if degrees % 360 else image


def scan_page(image: Image.Image, style: ScanStyle, rng: np.random.Generator) -> Image.Image:
    """One rendered page through the style's effects (rendering and JPEG aside)."""
    if style.gamma != 1:
        image = tone(image, style.gamma)
    if style.blur:
        image = image.filter(ImageFilter.GaussianBlur(style.blur))
    surround = WHITE if image.mode == "L" else (WHITE, WHITE, WHITE)
    if style.border:
        image = on_desk(image, style.border, style.desk)
        surround = fill_of(image, style.desk)
    if style.skew:
        image = skew(image, style.skew, surround)
    if style.perspective:
        image = perspective(image, style.perspective, surround)
    image = quarter_turn(image, style.turn)
    pixels = np.asarray(image).astype(np.int16)
    if style.light or style.vignette or (style.colour and style.tint != (1.0, 1.0, 1.0)):
        field = light_field(image.width, image.height, style.light, style.vignette)
        if pixels.ndim == 3:
            field = field[..., None] * np.array(style.tint, dtype=np.float32)
        pixels = pixels * field
    if style.noise:
        pixels = pixels + rng.normal(0, style.noise, pixels.shape)
    if style.specks:
        pixels[rng.random(pixels.shape[:2]) < style.specks] = SPECK
    return Image.fromarray(np.clip(pixels, 0, WHITE).astype(np.uint8), image.mode)


def scan(
    source: Path,
    target: Path,
    style: ScanStyle = PLAIN,
    *,
    pages: Collection[int] | None = None,
) -> Path:
    """An image-only PDF of ``source`` (its ``pages``, numbered from 1, or all) as
    ``style`` scans it, one JPEG per page at ``style.dpi``."""
    rng = np.random.default_rng(style.seed)
    images = []
    document = pdfium.PdfDocument(str(source))
    try:
        for index, page in enumerate(document):
            if pages is not None and index + 1 not in pages:
                continue
            if style.halftone:
                printed = max(style.dpi, HALFTONE_RENDER_DPI)
                image = render(page, printed, style.colour)
                if style.gamma != 1:
                    image = tone(image, style.gamma)
                image = halftone(image, style.halftone, printed)
                size = (
                    round(image.width * style.dpi / printed),
                    round(image.height * style.dpi / printed),
                )
                image = image.resize(size, Image.Resampling.BOX)
                page_style = replace(style, gamma=1.0)
            else:
                image = render(page, style.dpi, style.colour)
                page_style = style
            images.append(scan_page(image, page_style, rng))
    finally:
        document.close()
    images[0].save(
        target,
        save_all=True,
        append_images=images[1:],
        resolution=style.dpi,
        quality=style.jpeg_quality,
        creationDate=None,
        modDate=None,
    )
    return target


def make_scan(
    source: Path,
    target: Path,
    *,
    dpi: int,
    angle: float,
    pages: Collection[int] | None = None,
    turn: int = 0,
    style: ScanStyle = PLAIN,
) -> Path:
    """An image-only copy of ``source``, as a photocopier would make it (``style``,
    plain by default) at ``dpi``, turned by ``angle`` degrees (skew) and ``turn``
    (a quarter turn counter-clockwise on top, as a page fed in sideways)."""
    return scan(source, target, replace(style, dpi=dpi, skew=angle, turn=turn), pages=pages)
