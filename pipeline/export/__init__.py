"""Export a tariff version for the staff's spreadsheets: CSV and XLSX.

``write_csv(extraction, path)`` writes one table with a « Type » column (« Service »
or « Strate »), the way a French spreadsheet opens it (see :mod:`.csv_export`);
``write_xlsx(extraction, path)`` writes the sheets « Services », « Strates » and
« Source » with real numbers in euros. Both write atomically. Given the stored
``version`` whose effective values ``extraction`` holds, a last column « Correction »
says what was corrected in a value, by whom and why (and the XLSX lists every
correction in a sheet « Corrections »).
"""

from pipeline.export.csv_export import csv_text, write_csv
from pipeline.export.xlsx_export import write_xlsx, xlsx_bytes

__all__ = ["csv_text", "write_csv", "write_xlsx", "xlsx_bytes"]
