"""Words for the entity pages: each stored property and relation named as a planner says it.

Vietnamese first, English after it; a property or relation without words here is
shown by its stored name, so a new one is never hidden (a test lists those the
dataset has and checks each has words).
"""

from __future__ import annotations

from typing import Final

from stratagraph.model.records import Label, Rel

__all__ = ["FIELD_WORDS", "LABEL_WORDS", "RELATION_WORDS", "VISUAL_PAGES", "field_words", "relation_words"]

FIELD_WORDS: Final[dict[str, tuple[str, str]]] = {
    "nameEn": ("Tên tiếng Anh", "English name"),
    "abbreviation": ("Tên viết tắt", "Abbreviation"),
    "aliases": ("Tên khác", "Other names"),
    "agencyType": ("Loại cơ quan", "Kind of agency"),
    "note": ("Ghi chú", "Note"),
    "planKind": ("Loại kế hoạch", "Kind of plan"),
    "status": ("Tình trạng", "Status"),
    "start": ("Bắt đầu", "Start"),
    "end": ("Kết thúc", "End"),
    "horizon": ("Định hướng đến năm", "Looks toward"),
    "groupVi": ("Nhóm nhiệm vụ", "Task group (Vietnamese)"),
    "groupEn": ("Nhóm nhiệm vụ (tiếng Anh)", "Task group"),
    "output": ("Sản phẩm", "Output"),
    "deadlineText": ("Thời hạn (nguyên văn)", "Deadline as written"),
    "deadlineKind": ("Loại thời hạn", "Kind of deadline"),
    "deadlineStart": ("Thời hạn: từ ngày", "Deadline window opens"),
    "deadlineEnd": ("Thời hạn: đến ngày", "Deadline window closes"),
    "deadlineMonth": ("Hằng năm: tháng", "Yearly: month"),
    "deadlineDay": ("Hằng năm: ngày", "Yearly: day"),
    "deadlineBefore": ("Trước ngày đó", "Strictly before that day"),
    "deadlineEvery": ("Định kỳ (tháng)", "Recurs every (months)"),
    "number": ("Số, ký hiệu", "Number"),
    "docType": ("Loại văn bản", "Kind of document"),
    "date": ("Ngày", "Date"),
    "signerName": ("Người ký", "Signed by"),
    "signerTitle": ("Chức vụ người ký", "Signer's title"),
    "completeness": ("Mức đầy đủ của văn bản nguồn", "How much of the text the sources hold"),
    "sourceFile": ("Tệp nguồn", "Source file"),
    "pages": ("Trang web nguồn", "Source web pages"),
    "unit": ("Đơn vị tính", "Unit"),
    "value": ("Giá trị", "Value"),
    "year": ("Năm", "Year"),
    "qualitative": ("Định tính", "Qualitative"),
    "text": ("Nội dung", "Wording"),
    "maxScore": ("Điểm tối đa", "Maximum score"),
    "criteriaCount": ("Số tiêu chí", "Criteria"),
    "componentCount": ("Số chỉ số thành phần", "Component indices"),
    "levelCount": ("Số mức xếp loại", "Rating levels"),
    "rank": ("Thứ tự", "Rank"),
    "scoreFrom": ("Điểm từ", "Score from"),
    "scoreBelow": ("Điểm dưới", "Score below"),
    "progress": ("Tiến độ (%)", "Progress (%)"),
    "statusAsOf": ("Tình trạng tính đến ngày", "Status as of"),
    "action": ("Thao tác", "Action"),
    "startedAt": ("Thời điểm", "Made at"),
    "actorName": ("Người thực hiện", "Made by"),
    "actorRole": ("Vai trò", "Role"),
    "changes": ("Thay đổi", "Changes"),
    "evidenceUrl": ("Minh chứng (địa chỉ)", "Evidence (web address)"),
    "asOf": ("Tính đến ngày", "As of"),
    "dataVersion": ("Phiên bản dữ liệu", "Data version"),
}

# (words when the entity is the relation's source, words when it is its target)
RELATION_WORDS: Final[dict[Rel, tuple[tuple[str, str], tuple[str, str]]]] = {
    Rel.LEADS: (("Chủ trì", "Leads"), ("Đơn vị chủ trì", "Led by")),
    Rel.SUPPORTS: (("Phối hợp", "Supports"), ("Đơn vị phối hợp", "Supported by")),
    Rel.PART_OF: (("Trực thuộc", "A unit of"), ("Đơn vị trực thuộc", "Has unit")),
    Rel.GOVERNED_BY: (("Cơ quan chủ quản", "Governed by"), ("Là cơ quan chủ quản của", "Governs")),
    Rel.DEPENDS_ON: (("Phải chờ nhiệm vụ", "Waits for"), ("Nhiệm vụ chờ nhiệm vụ này", "Waited for by")),
    Rel.CONTRIBUTES_TO: (("Góp phần vào chỉ tiêu", "Contributes to"), ("Nhiệm vụ góp phần", "Served by")),
    Rel.IMPLEMENTS: (("Triển khai", "Implements"), ("Được triển khai bởi", "Implemented by")),
    Rel.ISSUED_BY: (("Cơ quan ban hành", "Issued by"), ("Đã ban hành", "Issued")),
    Rel.IN_PLAN: (("Thuộc kế hoạch", "In plan"), ("Gồm", "Holds")),
    Rel.ADOPTED_BY: (("Ban hành theo", "Adopted by"), ("Phê duyệt", "Adopts")),
    Rel.HAS_TARGET: (("Mục tiêu", "Target"), ("Mục tiêu của chỉ tiêu", "Target of")),
    Rel.MEASURES: (("Số liệu của chỉ tiêu", "Measures"), ("Số liệu đo được", "Measured by")),
    Rel.BROADER: (("Thuộc chỉ số", "Part of index"), ("Chỉ số thành phần", "Component")),
    Rel.REPLACES: (("Thay thế", "Replaces"), ("Bị thay thế bởi", "Replaced by")),
    Rel.CITES: (("Căn cứ, dẫn chiếu", "Cites"), ("Được dẫn chiếu bởi", "Cited by")),
    Rel.FULFILLED_BY: (("Thực hiện bởi văn bản", "Fulfilled by"), ("Thực hiện nhiệm vụ", "Fulfils")),
    Rel.VERSION_OF: (("Phiên bản của", "Version of"), ("Các phiên bản", "Has version")),
    Rel.LEVEL_OF: (("Mức xếp loại của", "Rating level of"), ("Mức xếp loại", "Has rating level")),
    Rel.WAS_ASSOCIATED_WITH: (("Cơ quan thực hiện", "Made for"), ("Các lượt cập nhật", "Updates made")),
    Rel.USED: (("Liên quan đến", "Used"), ("Lượt cập nhật", "Updated by")),
}

LABEL_WORDS: Final[dict[Label, tuple[str, str]]] = {
    Label.AGENCY: ("Cơ quan", "Agency"),
    Label.PLAN: ("Kế hoạch", "Plan"),
    Label.DOCUMENT: ("Văn bản", "Document"),
    Label.TASK: ("Nhiệm vụ", "Task"),
    Label.INDICATOR: ("Chỉ tiêu", "Indicator"),
    Label.TARGET: ("Mục tiêu", "Target"),
    Label.MEASUREMENT: ("Số liệu", "Measurement"),
    Label.ACTIVITY: ("Lượt cập nhật", "Update"),
}

VISUAL_PAGES: Final[dict[Label, str]] = {Label.PLAN: "plans", Label.AGENCY: "agencies", Label.TASK: "tasks"}
"""Entities that have a page of pictures (``stratagraph.http.pages``): the folder of its address."""


def field_words(name: str) -> tuple[str, str]:
    return FIELD_WORDS.get(name, (name, name))


def relation_words(rel: Rel, outgoing: bool) -> tuple[str, str]:
    words = RELATION_WORDS.get(rel)
    if words is None:
        return (rel.value, rel.value)
    return words[0] if outgoing else words[1]
