"""Approved claims for an organisation's finance system, as CSV or a spreadsheet (openpyxl)."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal

from openpyxl import Workbook

from ustogether.payments.queries import EXPORT_COLUMNS, export_rows
from ustogether.people.models import Organisation

# A cell starting with one of these is run as a formula by spreadsheet programs;
# a quote in front keeps typed text as text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _safe(value: object) -> object:
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def claims_csv(organisation: Organisation, *, start: dt.date, end: dt.date) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(EXPORT_COLUMNS)
    for row in export_rows(organisation, start=start, end=end):
        writer.writerow(["" if v is None else _safe(v) for v in row])
    return out.getvalue()


def claims_xlsx(organisation: Organisation, *, start: dt.date, end: dt.date) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Claims"
    sheet.append(list(EXPORT_COLUMNS))
    money_columns = {
        i + 1 for i, name in enumerate(EXPORT_COLUMNS) if name in ("unit_amount", "amount")
    }
    for row in export_rows(organisation, start=start, end=end):
        sheet.append([_safe(v) for v in row])
        for column in money_columns:
            cell = sheet.cell(row=sheet.max_row, column=column)
            if isinstance(cell.value, Decimal):
                cell.number_format = "0.00"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
