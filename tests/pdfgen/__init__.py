"""Deliberation PDFs laid out in many ways, each with its ground truth.

``variations()`` lists the named variations; ``build(variation, folder)`` writes one
(reportlab directly, Word exports through LibreOffice) and returns the PDF path;
``build_word(variations, folder)`` converts several Word exports in one LibreOffice run.
``python3 -m tests.pdfgen OUTDIR`` writes them all with their truth for inspection.
"""
