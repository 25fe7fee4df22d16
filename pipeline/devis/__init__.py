"""Devis: what a collectivité's order costs, issued by the Syndicat for its services and
by the CDG for its accompaniment, as the deliberation says (« La participation
financière de la collectivité ou de l'établissement fera l'objet d'un devis émis par La
Fibre Numérique 5962 pour les services, et par le Centre de gestion pour
l'accompagnement »).

    order.py     an order (services and quantities), matched to the version's lines
    sheet.py     orders read from a CSV or XLSX sheet (one or many collectivités)
    units.py     what a unit of billing says: yearly or once, a limit
    match.py     which line of the version a service's name designates
    compute.py   the lines and the totals of a devis
    numbers.py   the numbers (« CDG62-2026-0007 »)
    context.py   what the Word templates of the devis can use (French names)
    render.py    the devis as a Word document (and PDF)
    issue.py     an order to its two devis: computed, numbered, recorded, written
    accepted.py  the amounts of accepted devis, for the conventions
    export.py    the register for the accounting office (CSV, XLSX)

The register itself (numbers, statuses, events) is :mod:`pipeline.store.devis`.
"""
