"""The fast docxtpl renderer: prepare a Word template once, render many documents.

This module is the only one that imports docxtpl (on first use: a run with nothing to
render does not load it). The templates stay in docxtpl's
language (``{{ }}``, ``{%tr for %}``, ``{% cellbg %}``, ``{{r }}`` …) and docxtpl's own
machinery prepares them: :meth:`DocxTemplate.patch_xml` on the body, the headers, the
footers and the footnotes, compiled once into Jinja templates. Per document, only the
XML strings are rendered and checked by docxtpl (``fix_tables``), and the zip is
written with every unchanged part copied as compressed bytes.

The output is the document a plain ``DocxTemplate(path).render(ctx, autoescape=True)``
then ``save`` gives (a test compares them part by part), only faster. Every rendered
part is then set in French (:mod:`pipeline.render.typography`), whichever way it was
rendered. Most paragraphs come out the same in every document (the clauses), so each
template remembers the paragraphs it has set in French (:class:`ParagraphCache`): a
paragraph met again costs a dictionary look-up, and the document is byte for byte the
one setting every paragraph afresh gives (a test compares them).
"""

from __future__ import annotations

import hashlib
import io
import re
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import jinja2
from lxml import etree
from markupsafe import Markup, escape

from pipeline.errors import TemplateError
from pipeline.render.typography import typeset, typeset_paragraph
from pipeline.safe_text import for_xml

FIXED_TIME = (1980, 1, 1, 0, 0, 0)
"""Zip entries carry a fixed time so that the same input gives the same bytes."""
FOOTNOTES = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"
_PROPERTIES = ("author", "comments", "identifier", "language", "subject", "title")
_XML_DECLARATION = b"<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
W_NAMESPACE = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
CACHED_PARAGRAPHS = 20_000
"""Paragraphs set in French a template remembers at most (a few megabytes): the clauses,
the tariff lines and the tiers recur in every document, the names do not."""
CACHED_VALUES = 50_000
"""Values made inert (:func:`inert`) remembered at most."""


def environment() -> jinja2.Environment:
    """The Jinja environment of every render: autoescape (names with « & » stay text),
    every value printed as data (:func:`inert`), and an unknown variable is an error
    rather than an empty string."""
    return jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined, finalize=inert)


def inert(value: object) -> object:
    """A value as a template prints it: always text, never XML nor template code.

    The characters XML cannot hold (a NUL would make the parser drop later « < > & »)
    are removed, « < > & » are escaped, and braces are written as character
    references, so that docxtpl's own passes over the rendered XML (``{_{`` → ``{{``)
    never see a brace from a value. Values that are already XML (docxtpl's
    ``RichText``) are kept as they are.
    """
    if type(value) is str:  # most values recur from document to document
        found = _INERT.get(value)
        if found is None:
            if len(_INERT) >= CACHED_VALUES:
                _INERT.clear()
            found = _INERT[value] = _inert_text(value)
        return found
    if isinstance(value, str) and not hasattr(value, "__html__"):
        return _inert_text(value)
    return value


def _inert_text(value: str) -> Markup:
    text = str(escape(for_xml(value)))
    return Markup(text.replace("{", "&#123;").replace("}", "&#125;"))


_INERT: dict[str, Markup] = {}


@dataclass(frozen=True)
class Part:
    """One XML part of the package that holds template tags."""

    name: str
    """Its name in the zip, e.g. ``word/header1.xml``."""
    source: str
    """The XML as docxtpl patched it: the Jinja source that is compiled."""
    template: jinja2.Template
    body: bool
    """The main document's body (the rest of ``document.xml`` is kept around it)."""
    titles: bool = False
    """A header or a footer: its names keep their hyphens, as in a title."""


def _parse_error(error: jinja2.TemplateSyntaxError, source: str) -> str:
    line = source.splitlines()[error.lineno - 1] if error.lineno else ""
    text = re.sub(r"<[^>]+>", "", line).strip()
    return f"balise incorrecte ({error.message}) près de « {text[:80]} »"


_PARAGRAPH_TAG = re.compile(r"<w:p(?=[\s>/])[^>]*>")
_PARAGRAPH_END = "</w:p>"


class ParagraphCache:
    """Paragraphs of rendered XML set in French, remembered by their text.

    A part's XML is cut into its paragraphs (``<w:p …>…</w:p>``); each one is set in
    French on its own (:func:`~pipeline.render.typography.typeset_paragraph`, within
    the part's root element for its namespaces) the first time it is met, then taken
    from memory. Setting a paragraph depends on nothing outside it, so the result is
    the part :func:`~pipeline.render.typography.typeset` gives. A part whose
    paragraphs cannot be cut out of the text (one inside another, as in a text box,
    or another prefix for Word's namespace) is left to the caller (None).
    """

    def __init__(self, size: int = CACHED_PARAGRAPHS) -> None:
        self.size = size
        self._done: dict[tuple[str, bool], str] = {}

    def typeset(self, xml: str, *, titles: bool = False) -> str | None:
        """``xml`` (a whole part) with every paragraph set in French, or None."""
        first = xml.find("<w:")  # the root element (w:body, w:hdr…), after any declaration
        if first < 0:
            return None
        opening = xml[first : xml.index(">", first) + 1]
        if W_NAMESPACE not in opening:
            return None
        closing = xml[xml.rindex("</") :]
        pieces: list[str] = []
        done = 0
        tag = _PARAGRAPH_TAG.search(xml)
        while tag is not None:
            following = _PARAGRAPH_TAG.search(xml, tag.end())
            if tag.group().endswith("/>"):  # an empty paragraph: nothing to set
                tag = following
                continue
            end = xml.find(_PARAGRAPH_END, tag.end())
            if end < 0 or (following is not None and following.start() < end):
                return None  # a paragraph inside this one
            end += len(_PARAGRAPH_END)
            try:
                typed = self._paragraph(xml[tag.start() : end], opening, closing, titles)
            except etree.XMLSyntaxError:
                return None  # the whole part's parser says what is wrong
            pieces += [xml[done : tag.start()], typed]
            done = end
            tag = following
        pieces.append(xml[done:])
        return "".join(pieces)

    def _paragraph(self, text: str, opening: str, closing: str, titles: bool) -> str:
        key = (text, titles)
        done = self._done.get(key)
        if done is None:
            holder = etree.fromstring(opening + text + closing)  # XMLSyntaxError: caller's
            typeset_paragraph(holder[0], title=titles)
            whole = etree.tostring(holder, encoding="unicode")
            done = whole[whole.index(">") + 1 : whole.rindex("</")]
            if len(self._done) >= self.size:  # a new set of names, not of clauses
                self._done.clear()
            self._done[key] = done
        return done


class FastTemplate:
    """A Word template prepared once; :meth:`render` gives a document's bytes.

    The file is read and prepared (parsed, its parts compiled) at once; TemplateError
    says what is wrong with it. ``lazy``: prepared by the first use of ``parts`` or
    :meth:`render` instead (or by :meth:`prepare`), for a template already known to be
    valid: a run whose documents are all up to date then never prepares it.
    ``sha256`` says which template it is either way.
    """

    def __init__(self, path: Path, *, lazy: bool = False):
        self.path = Path(path)
        if not self.path.is_file():
            raise TemplateError("modèle introuvable", path=self.path)
        self._raw = self.path.read_bytes()
        self.sha256 = hashlib.sha256(self._raw).hexdigest()
        self.environment = environment()
        self.paragraphs = ParagraphCache()
        self._parts: list[Part] | None = None
        if not lazy:
            self.prepare()

    @property
    def parts(self) -> list[Part]:
        """The rendered parts (body, headers, footers, footnotes), compiled."""
        if self._parts is None:
            self.prepare()
        return self._parts  # type: ignore[return-value]

    def prepare(self) -> FastTemplate:
        """Parse the template and compile its parts, once; returns the template."""
        if self._parts is not None:
            return self
        from docx.opc.constants import RELATIONSHIP_TYPE as RT
        from docx.opc.oxml import serialize_part_xml
        from docxtpl import DocxTemplate

        raw = self._raw
        try:
            self._tpl = DocxTemplate(io.BytesIO(raw))
            self._tpl.init_docx()
        except Exception as error:  # python-docx raises several kinds for a bad package
            raise TemplateError(f"fichier Word illisible ({error})", path=self.path) from error
        docx = self._tpl.docx
        self._check_properties(docx)

        parts: list[Part] = []
        raw_body = self._tpl.get_xml()
        self._columns_change = bool(COLUMN_TAGS.search(re.sub(r"<[^>]*>", "", raw_body)))
        """Whether the body's tables may change their columns (docxtpl's ``{%tc``
        column loops, ``{% hm %}`` merges), so that their grids need fixing."""
        body_source = self._tpl.patch_xml(raw_body)
        parts.append(self._compile("word/document.xml", body_source, body=True))
        for rel in docx.part.rels.values():
            if rel.is_external or rel.reltype not in (RT.HEADER, RT.FOOTER):
                continue
            part = rel.target_part
            source = self._tpl.patch_xml(self._tpl.get_part_xml(part))
            parts.append(self._compile(str(part.partname).lstrip("/"), source, titles=True))
        for part in docx.part.package.parts:
            if part.content_type == FOOTNOTES:
                source = self._tpl.patch_xml(part.blob.decode("utf-8"))
                parts.append(self._compile(str(part.partname).lstrip("/"), source))

        # document.xml around the body, serialized as python-docx does on save.
        root = docx.element
        marker = "<!--BODY-->"
        body = root.body
        placeholder = etree.Comment("BODY")
        root.replace(body, placeholder)
        try:
            whole = serialize_part_xml(root).decode("utf-8")
        finally:
            root.replace(placeholder, body)
        self._before_body, self._after_body = whole.split(marker)

        # Every other part, copied as it is in the template, compressed once.
        rendered = {p.name for p in parts}
        buffer = io.BytesIO()
        with (
            zipfile.ZipFile(io.BytesIO(raw)) as source_zip,
            zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as base,
        ):
            for info in source_zip.infolist():
                if info.filename not in rendered:
                    base.writestr(self._info(info.filename), source_zip.read(info.filename))
        self._base = buffer.getvalue()
        self._parts = parts
        return self

    def _check_properties(self, docx) -> None:
        props = docx.core_properties
        for name in _PROPERTIES:
            value = getattr(props, name) or ""
            if "{{" in value or "{%" in value:
                raise TemplateError(
                    f"les propriétés du document ({name}) ne peuvent pas contenir de balises",
                    path=self.path,
                )

    def _compile(self, name: str, source: str, *, body: bool = False, titles: bool = False) -> Part:
        source = re.sub(r"<w:p([ >])", r"\n<w:p\1", source)  # as docxtpl, for line numbers
        try:
            template = self.environment.from_string(source)
        except jinja2.TemplateSyntaxError as error:
            raise TemplateError(_parse_error(error, source), path=self.path) from error
        return Part(name=name, source=source, template=template, body=body, titles=titles)

    @staticmethod
    def _info(name: str) -> zipfile.ZipInfo:
        info = zipfile.ZipInfo(name, date_time=FIXED_TIME)
        info.compress_type = zipfile.ZIP_DEFLATED
        return info

    def _render_part(self, part: Part, context: Mapping[str, object]) -> bytes:
        from docx.opc.oxml import parse_xml, serialize_part_xml

        try:
            xml = part.template.render(context)
        except jinja2.TemplateError as error:
            raise TemplateError(
                f"rendu impossible de {part.name} : {error}", path=self.path
            ) from error
        xml = xml.replace("\n<w:p ", "<w:p ").replace("\n<w:p>", "<w:p>")
        xml = xml.replace("{_{", "{{").replace("}_}", "}}").replace("{_%", "{%")
        xml = xml.replace("%_}", "%}")
        if any(c in xml for c in "\t\a\n\f"):
            xml = self._tpl.resolve_listing(xml)
        typed = self.paragraphs.typeset(xml, titles=part.titles)
        if part.body:
            self._tpl.docx_ids_index = 1000
            source = xml if typed is None else typed
            tree = (
                self._tpl.fix_tables(source)
                if self._columns_change
                else etree.fromstring(source, parser=etree.XMLParser(recover=True))
            )
            self._tpl.fix_docpr_ids(tree)
            if typed is None:
                typeset(tree)
            body = etree.tostring(tree, encoding="unicode")
            return (self._before_body + body + self._after_body).encode("utf-8")
        try:
            root = parse_xml((xml if typed is None else typed).encode("utf-8"))
            return serialize_part_xml(
                root if typed is not None else typeset(root, titles=part.titles)
            )
        except etree.XMLSyntaxError as error:
            raise TemplateError(
                f"le rendu de {part.name} n'est pas du XML valide ({error})", path=self.path
            ) from error

    def render(self, context: Mapping[str, object]) -> bytes:
        """The bytes of the .docx for ``context`` (top-level names → values)."""
        rendered = [(p.name, self._render_part(p, context)) for p in self.parts]
        buffer = io.BytesIO(self._base)
        with zipfile.ZipFile(buffer, "a", zipfile.ZIP_DEFLATED) as package:
            for name, data in rendered:
                package.writestr(self._info(name), data)
        return buffer.getvalue()


COLUMN_TAGS = re.compile(r"\{%-?\s*(tc\b|hm\s*-?%\})")
"""docxtpl's tags that change a table's columns, in a template's text: a rendered table
keeps the grid it has in the template unless one of these is used."""

_TYPESET = re.compile(r"word/(document|header\d*|footer\d*|footnotes)\.xml")


def plain_render(path: Path, context: Mapping[str, object]) -> bytes:
    """The plain docxtpl way, one full load per document, then the same typography: the
    reference the fast renderer is compared with (tests) and measured against
    (benchmarks)."""
    from docx.opc.oxml import parse_xml, serialize_part_xml
    from docxtpl import DocxTemplate

    template = DocxTemplate(str(path))
    template.render(dict(context), jinja_env=environment(), autoescape=True)
    buffer = io.BytesIO()
    template.save(buffer)
    rendered = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as source,
        zipfile.ZipFile(rendered, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            data = source.read(info.filename)
            found = _TYPESET.fullmatch(info.filename)
            if found:
                titles = found.group(1).startswith(("header", "footer"))
                data = serialize_part_xml(typeset(parse_xml(data), titles=titles))
            target.writestr(info, data)
    return rendered.getvalue()
