"""Make ``phu-luc-libreoffice.xlsx``: a task table as LibreOffice Calc saves one.

openpyxl writes the workbook (a guide sheet first, then the appendix with its title
block, a lead merged over two rows, a date cell, a formula, a hidden row and a
hidden column); LibreOffice Calc opens it and saves it again, computing the formula
and keeping its value, as a planner's copy would be::

    python tests/loaders/tables/make_libreoffice_table.py   # needs `soffice` (Debian's libreoffice-calc)

The .xlsx is committed, so the tests need no LibreOffice.
"""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import tempfile
from pathlib import Path

from openpyxl import Workbook

HERE = Path(__file__).parent


def main() -> None:
    workbook = Workbook()
    guide = workbook.active
    assert guide is not None
    guide.title = "Hướng dẫn"
    guide.append(["Cách điền phụ lục: mỗi dòng một nhiệm vụ."])
    sheet = workbook.create_sheet("Phụ lục")
    sheet.append(["PHỤ LỤC"])
    sheet.merge_cells("A1:G1")
    sheet.append(["Kèm theo Quyết định số 781/QĐ-BTTTT ngày 23 tháng 5 năm 2023"])
    sheet.merge_cells("A2:G2")
    sheet.append([])
    sheet.append(
        ["STT", "Nhiệm vụ", "Đơn vị chủ trì", "Đơn vị phối hợp", "Thời gian hoàn thành", "Sản phẩm", "# Ghi chú nội bộ"]
    )
    sheet.append(["I", "Hoàn thiện môi trường pháp lý"])
    sheet.append(
        [
            1,
            "Rà soát văn bản pháp luật về báo chí",
            "Cục Báo chí",
            "Cục PTTH&TTĐT",
            dt.date(2024, 6, 30),
            "Báo cáo",
            "x",
        ]
    )
    sheet.append([2, "Xây dựng cơ sở dữ liệu báo chí", None, None, '="Quý "&"IV/2024"', "Cơ sở dữ liệu"])
    sheet.merge_cells("C6:C7")
    sheet.append([3, "Tập huấn chuyển đổi số cho cơ quan báo chí", "Cục Báo chí", None, "Năm 2025", "Lớp tập huấn"])
    sheet.row_dimensions[8].hidden = True
    sheet.column_dimensions["G"].hidden = True
    with tempfile.TemporaryDirectory() as folder:
        written = Path(folder) / "phu-luc-libreoffice.xlsx"
        workbook.save(written)
        out = Path(folder) / "out"
        soffice = shutil.which("soffice") or "soffice"
        subprocess.run(
            [
                soffice,
                "--headless",
                f"-env:UserInstallation=file://{folder}/profile",
                "--convert-to",
                "xlsx:Calc MS Excel 2007 XML",
                "--outdir",
                str(out),
                str(written),
            ],
            check=True,
            timeout=120,
        )
        shutil.copy(out / written.name, HERE / written.name)


if __name__ == "__main__":
    main()
