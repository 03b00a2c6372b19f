"""Synthetic strategy graphs: realistic in shape, invented in content, same for the same seed.

The bundled dataset has 56 tasks; the analyses must be shown correct on many
shapes and fast at 100k tasks. So ``generate(tasks, seed)`` builds a graph with
the shape of Vietnamese strategies and their action plans:

* an agency hierarchy: the Government, ministries and provinces (PART_OF the
  Government), their departments, centres, districts and press agencies
  (GOVERNED_BY their ministry or province), with a few departments moving from
  one ministry to another on 01/03/2025, as the Press Department did;
* national strategies ("Chiến lược chuyển đổi số ... đến năm 2025, định hướng đến
  năm 2030") and the ministries' and provinces' action plans implementing them,
  each adopted by a decision issued by its owner;
* indicators of each plan with a target for every year of the plan;
* tasks led by one agency, supported by others, with deadline texts as plans
  write them ("Quý II/2024", "Trước ngày 15/12 hằng năm", "Thường xuyên", or none),
  read by ``stratagraph.model.deadlines`` exactly as loaded data is;
* DEPENDS_ON edges forming a DAG: most within a plan between nearby tasks, some
  from action plans to their strategy's tasks, and a few long chains across plans
  (the worst case for critical paths); about half cite the plan ("stated"), the
  rest are ``inferred`` with the reason in the citation's note;
* CONTRIBUTES_TO edges from tasks to their plan's indicators; yearly report tasks
  fulfilled by dated report documents in some years.

Every node and edge cites a synthetic Document. Statuses are as of
``REFERENCE_DAY``, never today, so the output depends on ``tasks`` and ``seed``
only. Names are composed from lists of real Vietnamese administrative names and
plan phrases; nothing here describes a real plan.
"""

from __future__ import annotations

import itertools
import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache

from stratagraph.loaders.deadline_text import parse_deadline
from stratagraph.model.deadlines import deadline_props
from stratagraph.model.records import Batch, Citation, Edge, Kind, Label, Node, PropValue, Rel
from stratagraph.model.text import slug

__all__ = ["REFERENCE_DAY", "generate"]

REFERENCE_DAY = date(2025, 6, 30)
MOVE_DAY = date(2025, 3, 1)

MINISTRIES: tuple[tuple[str, str, str], ...] = (
    ("Bộ Thông tin và Truyền thông", "BTTTT", "Ministry of Information and Communications"),
    ("Bộ Văn hóa, Thể thao và Du lịch", "BVHTTDL", "Ministry of Culture, Sports and Tourism"),
    ("Bộ Kế hoạch và Đầu tư", "BKHĐT", "Ministry of Planning and Investment"),
    ("Bộ Tài chính", "BTC", "Ministry of Finance"),
    ("Bộ Nội vụ", "BNV", "Ministry of Home Affairs"),
    ("Bộ Tư pháp", "BTP", "Ministry of Justice"),
    ("Bộ Công an", "BCA", "Ministry of Public Security"),
    ("Bộ Y tế", "BYT", "Ministry of Health"),
    ("Bộ Giáo dục và Đào tạo", "BGDĐT", "Ministry of Education and Training"),
    ("Bộ Khoa học và Công nghệ", "BKHCN", "Ministry of Science and Technology"),
    ("Bộ Công Thương", "BCT", "Ministry of Industry and Trade"),
    ("Bộ Nông nghiệp và Phát triển nông thôn", "BNNPTNT", "Ministry of Agriculture and Rural Development"),
    ("Bộ Tài nguyên và Môi trường", "BTNMT", "Ministry of Natural Resources and Environment"),
    ("Bộ Giao thông vận tải", "BGTVT", "Ministry of Transport"),
    ("Bộ Xây dựng", "BXD", "Ministry of Construction"),
    ("Bộ Lao động – Thương binh và Xã hội", "BLĐTBXH", "Ministry of Labour, Invalids and Social Affairs"),
    ("Bộ Ngoại giao", "BNG", "Ministry of Foreign Affairs"),
    ("Ngân hàng Nhà nước Việt Nam", "NHNN", "State Bank of Vietnam"),
)

PROVINCES: tuple[str, ...] = (
    "Hà Nội", "Hồ Chí Minh", "Hải Phòng", "Đà Nẵng", "Cần Thơ", "Hà Giang", "Cao Bằng", "Bắc Kạn",
    "Tuyên Quang", "Lào Cai", "Điện Biên", "Lai Châu", "Sơn La", "Yên Bái", "Hòa Bình", "Thái Nguyên",
    "Lạng Sơn", "Quảng Ninh", "Bắc Giang", "Phú Thọ", "Vĩnh Phúc", "Bắc Ninh", "Hải Dương", "Hưng Yên",
    "Thái Bình", "Hà Nam", "Nam Định", "Ninh Bình", "Thanh Hóa", "Nghệ An", "Hà Tĩnh", "Quảng Bình",
    "Quảng Trị", "Thừa Thiên Huế", "Quảng Nam", "Quảng Ngãi", "Bình Định", "Phú Yên", "Khánh Hòa",
    "Ninh Thuận", "Bình Thuận", "Kon Tum", "Gia Lai", "Đắk Lắk", "Đắk Nông", "Lâm Đồng", "Bình Phước",
    "Tây Ninh", "Bình Dương", "Đồng Nai", "Bà Rịa – Vũng Tàu", "Long An", "Tiền Giang", "Bến Tre",
    "Trà Vinh", "Vĩnh Long", "Đồng Tháp", "An Giang", "Kiên Giang", "Hậu Giang", "Sóc Trăng",
    "Bạc Liêu", "Cà Mau",
)  # fmt: skip
CITIES = 5  # the first five are centrally run cities (thành phố trực thuộc Trung ương)

# Units of a ministry: (Vietnamese, English, agency type).
MINISTRY_UNITS: tuple[tuple[str, str, str], ...] = (
    ("Cục Chuyển đổi số", "Digital Transformation Department", "department"),
    ("Cục Công nghệ thông tin", "IT Department", "department"),
    ("Cục An toàn thông tin", "Information Security Department", "department"),
    ("Cục Báo chí", "Press Department", "department"),
    ("Vụ Kế hoạch – Tài chính", "Planning and Finance Department", "department"),
    ("Vụ Pháp chế", "Legal Department", "department"),
    ("Vụ Tổ chức cán bộ", "Personnel Department", "department"),
    ("Vụ Hợp tác quốc tế", "International Cooperation Department", "department"),
    ("Vụ Khoa học và Công nghệ", "Science and Technology Department", "department"),
    ("Trung tâm Thông tin", "Information Centre", "centre"),
    ("Trung tâm Dữ liệu", "Data Centre", "centre"),
    ("Viện Chiến lược", "Strategy Institute", "institute"),
)

# Departments of a province (Sở ...): (Vietnamese, English).
PROVINCE_UNITS: tuple[tuple[str, str], ...] = (
    ("Sở Thông tin và Truyền thông", "Department of Information and Communications"),
    ("Sở Kế hoạch và Đầu tư", "Department of Planning and Investment"),
    ("Sở Tài chính", "Department of Finance"),
    ("Sở Nội vụ", "Department of Home Affairs"),
    ("Sở Tư pháp", "Department of Justice"),
    ("Sở Y tế", "Department of Health"),
    ("Sở Giáo dục và Đào tạo", "Department of Education and Training"),
    ("Sở Văn hóa, Thể thao và Du lịch", "Department of Culture, Sports and Tourism"),
    ("Sở Khoa học và Công nghệ", "Department of Science and Technology"),
    ("Sở Công Thương", "Department of Industry and Trade"),
    ("Sở Nông nghiệp và Phát triển nông thôn", "Department of Agriculture and Rural Development"),
    ("Sở Tài nguyên và Môi trường", "Department of Natural Resources and Environment"),
    ("Sở Giao thông vận tải", "Department of Transport"),
    ("Sở Xây dựng", "Department of Construction"),
    ("Sở Lao động – Thương binh và Xã hội", "Department of Labour, Invalids and Social Affairs"),
    ("Văn phòng Ủy ban nhân dân", "Office of the People's Committee"),
)

DISTRICT_SYLLABLES = (
    "Yên", "Bình", "Phú", "Thạnh", "Tân", "An", "Hòa", "Lộc", "Đông", "Tây", "Vĩnh", "Long", "Thuận",
    "Quang", "Minh", "Phước", "Hưng", "Sơn", "Lâm", "Hải", "Châu", "Đức", "Thanh", "Kim",
)  # fmt: skip

# Fields a strategy covers: (Vietnamese, English).
FIELDS: tuple[tuple[str, str], ...] = (
    ("báo chí", "the press"),
    ("y tế", "health"),
    ("giáo dục", "education"),
    ("nông nghiệp", "agriculture"),
    ("du lịch", "tourism"),
    ("giao thông vận tải", "transport"),
    ("tài chính", "finance"),
    ("tư pháp", "justice"),
    ("văn hóa", "culture"),
    ("tài nguyên và môi trường", "natural resources and environment"),
    ("lao động, việc làm", "labour and employment"),
    ("công thương", "industry and trade"),
)

GROUPS: tuple[tuple[str, str], ...] = (
    ("Hoàn thiện thể chế, chính sách", "Institutions and policy"),
    ("Phát triển hạ tầng, nền tảng số", "Digital infrastructure and platforms"),
    ("Phát triển dữ liệu số", "Digital data"),
    ("Phát triển nguồn nhân lực", "Human resources"),
    ("Bảo đảm an toàn, an ninh mạng", "Cyber security"),
    ("Nâng cao nhận thức", "Awareness"),
    ("Kiểm tra, giám sát, đánh giá", "Monitoring and evaluation"),
)

# Task phrases by group index: (Vietnamese, English, output); {f} is the field, {y} a year.
TASKS: tuple[tuple[int, str, str, str], ...] = (
    (0, "Xây dựng, hoàn thiện hành lang pháp lý về chuyển đổi số {f}", "Build the legal framework for {fe}", "Đề án"),
    (0, "Rà soát, sửa đổi văn bản quy phạm pháp luật về {f}", "Review and amend legal documents on {fe}", "Báo cáo"),
    (0, "Ban hành quy định kỹ thuật về dữ liệu {f}", "Issue technical rules for {fe} data", "Thông tư"),
    (0, "Ban hành bộ chỉ số đánh giá mức độ chuyển đổi số {f}", "Issue the {fe} digital maturity index", "Quyết định"),
    (1, "Triển khai nền tảng số dùng chung ngành {f}", "Deploy a shared digital platform for {fe}", "Nền tảng"),
    (1, "Nâng cấp hệ thống thông tin quản lý {f}", "Upgrade the {fe} management system", "Hệ thống"),
    (1, "Thí điểm mô hình chuyển đổi số {f} tại {p}", "Pilot a digital {fe} model in {p}", "Mô hình"),
    (2, "Xây dựng cơ sở dữ liệu {f}", "Build the {fe} database", "Cơ sở dữ liệu"),
    (
        2,
        "Kết nối, chia sẻ dữ liệu {f} với Cổng dữ liệu quốc gia",
        "Connect {fe} data to the national data portal",
        "Kết nối",
    ),
    (3, "Đào tạo, bồi dưỡng kỹ năng số cho cán bộ ngành {f}", "Train {fe} staff in digital skills", "Khóa đào tạo"),
    (
        3,
        "Tổ chức tập huấn chuyển đổi số {f} năm {y}",
        "Hold {y} digital-transformation training for {fe}",
        "Lớp tập huấn",
    ),
    (
        4,
        "Triển khai giải pháp an toàn thông tin cấp độ 3 cho hệ thống {f}",
        "Level-3 security for {fe} systems",
        "Hồ sơ",
    ),
    (5, "Tuyên truyền, nâng cao nhận thức về chuyển đổi số {f}", "Raise awareness of digital {fe}", "Chuyên mục"),
    (6, "Đánh giá mức độ chuyển đổi số {f} năm {y}", "Assess the digital maturity of {fe} in {y}", "Báo cáo"),
)
REPORT_TASK = (6, "Báo cáo kết quả thực hiện chuyển đổi số {f}", "Report on digital transformation of {fe}", "Báo cáo")

INDICATORS: tuple[tuple[str, str], ...] = (
    (
        "Tỷ lệ cơ quan, đơn vị ngành {f} đưa dữ liệu lên nền tảng số",
        "Share of {fe} bodies with data on digital platforms",
    ),
    ("Tỷ lệ hồ sơ công việc ngành {f} được xử lý trên môi trường mạng", "Share of {fe} files handled online"),
    ("Tỷ lệ cán bộ ngành {f} được đào tạo kỹ năng số", "Share of {fe} staff trained in digital skills"),
    ("Tỷ lệ hệ thống thông tin {f} đạt an toàn cấp độ 3", "Share of {fe} systems secured to level 3"),
    ("Tỷ lệ cơ sở dữ liệu {f} được kết nối, chia sẻ", "Share of {fe} databases connected"),
    ("Tỷ lệ đơn vị ngành {f} đạt mức trưởng thành số từ khá trở lên", "Share of {fe} units rated good or better"),
)

QUARTERS = ("I", "II", "III", "IV")


@dataclass
class _Agency:
    id: str
    name: str
    kind: str
    parent: str | None


@dataclass
class _Plan:
    id: str
    document: str
    owner: str
    start: date
    end: date
    field_vi: str
    field_en: str
    place: str
    strategy: str | None
    tasks: list[str] = field(default_factory=list)
    indicators: list[str] = field(default_factory=list)
    units: list[str] = field(default_factory=list)  # agencies that may lead its tasks


class _Generator:
    def __init__(self, tasks: int, seed: int) -> None:
        if tasks < 1:
            raise ValueError(f"generate at least one task, not {tasks}")
        self.size = tasks
        self.random = random.Random(seed)
        self.nodes: list[Node] = []
        self.edges: list[Edge] = []
        self.agencies: list[_Agency] = []
        self.units_of: dict[str, list[str]] = {}
        self.plans: list[_Plan] = []
        self.rank: dict[str, tuple[int, int]] = {}  # task -> (intended day, sequence): the DAG's order
        self.task_plan: dict[str, _Plan] = {}
        self.dependencies: set[tuple[str, str]] = set()
        self.numbers = 100

    # helpers

    def number(self) -> int:
        self.numbers += self.random.randint(1, 37)
        return self.numbers

    def cite(self, document: str, locator: str, kind: Kind = Kind.VERBATIM, note: str | None = None) -> Citation:
        return Citation(document, locator, kind, note=note)

    def node(self, node_id: str, label: Label, props: dict[str, PropValue], source: Citation) -> None:
        self.nodes.append(Node(node_id, label, {k: v for k, v in props.items() if v is not None}, (source,)))

    def edge(self, rel: Rel, a: str, b: str, source: Citation, props: dict[str, PropValue] | None = None) -> None:
        self.edges.append(Edge(rel, a, b, props or {}, (source,)))

    def document(self, key: str, number: str, doc_type: str, title: str, when: date, issuer: str | None) -> str:
        doc_id = f"document/{key}"
        props: dict[str, PropValue] = {
            "number": number,
            "docType": doc_type,
            "nameVi": title,
            "date": when.isoformat(),
            "completeness": "complete",
        }
        self.node(doc_id, Label.DOCUMENT, props, self.cite(doc_id, "tiêu đề văn bản"))
        if issuer is not None:
            self.edge(Rel.ISSUED_BY, doc_id, issuer, self.cite(doc_id, "phần ký"))
        return doc_id

    # agencies

    def agency(
        self, name: str, name_en: str, kind: str, parent: str | None, source: str, abbr: str | None = None
    ) -> str:
        agency_id = f"agency/{slug(name)}"
        props: dict[str, PropValue] = {"nameVi": name, "nameEn": name_en, "agencyType": kind, "abbreviation": abbr}
        self.node(agency_id, Label.AGENCY, props, self.cite(source, "Điều 1"))
        self.agencies.append(_Agency(agency_id, name, kind, parent))
        if parent is not None:
            rel = Rel.GOVERNED_BY if kind == "press-agency" else Rel.PART_OF
            self.edge(rel, agency_id, parent, self.cite(source, "Điều 2"))
            self.units_of.setdefault(parent, []).append(agency_id)
        return agency_id

    def build_agencies(self) -> tuple[list[str], list[str]]:
        law = self.document(
            "luat-to-chuc-chinh-phu-2015", "76/2015/QH13", "law", "Luật Tổ chức Chính phủ", date(2015, 6, 19), None
        )
        government = self.agency("Chính phủ", "Government", "government", None, law)
        wanted = max(40, self.size // 40)
        ministries: list[str] = []
        decrees: dict[str, str] = {}
        for name, abbr, name_en in MINISTRIES:
            decree = self.document(
                f"nd-{slug(abbr)}-co-cau-to-chuc",
                f"{self.number()}/2022/NĐ-CP",
                "decree",
                f"Nghị định quy định chức năng, nhiệm vụ, quyền hạn và cơ cấu tổ chức của {name}",
                date(2022, 1, 1) + timedelta(days=self.random.randrange(300)),
                government,
            )
            ministry = self.agency(name, name_en, "ministry", government, decree, abbr)
            decrees[ministry] = decree
            ministries.append(ministry)
        provinces: list[str] = []
        local_law = self.document(
            "luat-to-chuc-chinh-quyen-dia-phuong-2015",
            "77/2015/QH13",
            "law",
            "Luật Tổ chức chính quyền địa phương",
            date(2015, 6, 19),
            None,
        )
        count = min(len(PROVINCES), max(5, wanted // 8))
        for index, province in enumerate(PROVINCES[:count]):
            level = "thành phố" if index < CITIES else "tỉnh"
            name = f"UBND {level} {province}"
            provinces.append(self.agency(name, f"{province} People's Committee", "province", government, local_law))
        # Units, round-robin over parents, until the wanted number of agencies exists.
        pools: list[tuple[str, list[tuple[str, str, str]], str]] = []
        for ministry, (name, abbr, _) in zip(ministries, MINISTRIES, strict=True):
            units = [(f"{unit} – {abbr}", f"{unit_en}, {abbr}", kind) for unit, unit_en, kind in MINISTRY_UNITS]
            units.append((f"Báo điện tử {name.removeprefix('Bộ ')}", f"{abbr} online newspaper", "press-agency"))
            pools.append((ministry, units, decrees[ministry]))
        for index, (province_id, province) in enumerate(zip(provinces, PROVINCES, strict=False)):
            level = "thành phố" if index < CITIES else "tỉnh"
            units = [
                (f"{unit} {level} {province}", f"{unit_en}, {province}", "provincial-department")
                for unit, unit_en in PROVINCE_UNITS
            ]
            units.append((f"Báo {province}", f"{province} newspaper", "press-agency"))
            units.append(
                (f"Đài Phát thanh và Truyền hình {province}", f"{province} Radio and Television", "press-agency")
            )
            for a, b in zip(DISTRICT_SYLLABLES[::2], DISTRICT_SYLLABLES[1::2], strict=True):
                units.append((f"UBND huyện {a} {b}, {level} {province}", f"{a} {b} District, {province}", "district"))
            pools.append((province_id, units, local_law))
        index = 0
        while len(self.agencies) < wanted and any(units for _, units, _ in pools):
            parent, units, source = pools[index % len(pools)]
            index += 1
            if units:
                name, name_en, kind = units.pop(0)
                self.agency(name, name_en, kind, parent, source)
        self.move_some_units(ministries, government)
        return ministries, provinces

    def move_some_units(self, ministries: list[str], government: str) -> None:
        """A few ministry departments move to another ministry on MOVE_DAY, as reorganisations do."""
        resolution = self.document(
            "nq-sap-xep-to-chuc-bo-may-2025",
            f"{self.number()}/NQ-CP",
            "resolution",
            "Nghị quyết về sắp xếp, tinh gọn tổ chức bộ máy của Chính phủ",
            MOVE_DAY - timedelta(days=10),
            government,
        )
        candidates = [a for a in self.agencies if a.kind == "department" and a.parent in ministries]
        moved = self.random.sample(candidates, max(1, len(candidates) // 30)) if candidates else []
        for unit in moved:
            old = unit.parent
            assert old is not None
            new = self.random.choice([m for m in ministries if m != old])
            for i, e in enumerate(self.edges):
                if e.type is Rel.PART_OF and e.source == unit.id and e.target == old:
                    props: dict[str, PropValue] = {"validTo": (MOVE_DAY - timedelta(days=1)).isoformat()}
                    self.edges[i] = Edge(Rel.PART_OF, unit.id, old, props, e.sources)
            self.edge(Rel.PART_OF, unit.id, new, self.cite(resolution, "Điều 3"), {"validFrom": MOVE_DAY.isoformat()})
            unit.parent = new

    # plans

    def build_plans(self, ministries: list[str], provinces: list[str]) -> None:
        government = "agency/chinh-phu"
        count = max(3, self.size // 200)
        strategies = max(1, min(len(FIELDS), count // 25 + 1))
        for s in range(strategies):
            field_vi, field_en = FIELDS[s]
            year = 2021 + s % 3
            name = f"Chiến lược chuyển đổi số {field_vi} đến năm 2025, định hướng đến năm 2030"
            number = self.number()
            doc = self.document(
                f"qd-{number}-{year}-ttg",
                f"{number}/QĐ-TTg",
                "decision",
                f"Quyết định phê duyệt {name}",
                date(year, 1, 1) + timedelta(days=self.random.randrange(200)),
                government,
            )
            plan = _Plan(
                f"plan/chien-luoc-cds-{slug(field_vi)}",
                doc,
                government,
                date(year, 1, 1),
                date(2030, 12, 31),
                field_vi,
                field_en,
                "cả nước",
                None,
            )
            plan.units = list(ministries)
            self.add_plan(
                plan, name, f"Strategy for the digital transformation of {field_en} to 2025, towards 2030", "strategy"
            )
        for p in range(count - strategies):
            strategy = self.plans[p % strategies]
            by_ministry = self.random.random() < 0.4
            owner = self.random.choice(ministries if by_ministry else provinces)
            owner_name = next(a.name for a in self.agencies if a.id == owner)
            first = self.random.choice((2023, 2023, 2024, 2026))
            last = 2025 if first < 2026 else 2030
            place = owner_name.removeprefix("UBND ")
            where = f"của {owner_name}" if by_ministry else f"trên địa bàn {place}"
            name = f"Kế hoạch triển khai Chiến lược chuyển đổi số {strategy.field_vi} {where} giai đoạn {first}–{last}"
            number = self.number()
            abbr = "UBND" if not by_ministry else slug(owner.removeprefix("agency/")).upper()[:8]
            issued = date(first, 1, 1) + timedelta(days=self.random.randrange(120))
            doc = self.document(
                f"kh-{number}-{first}-{slug(owner_name)[:40]}", f"{number}/KH-{abbr}", "plan", name, issued, owner
            )
            plan = _Plan(
                f"plan/kh-{p + 1:04d}-cds-{slug(strategy.field_vi)}-{slug(place)[:30]}",
                doc, owner, issued, date(last, 12, 31), strategy.field_vi, strategy.field_en,
                place if not by_ministry else "các đơn vị trực thuộc", strategy.id,
            )  # fmt: skip
            plan.units = [owner, *self.units_of.get(owner, [])]
            self.add_plan(plan, name, f"Plan implementing the {strategy.field_en} strategy, {first}–{last}", "plan")
            self.edge(Rel.IMPLEMENTS, plan.id, strategy.id, self.cite(doc, "Căn cứ"))

    def add_plan(self, plan: _Plan, name: str, name_en: str, kind: str) -> None:
        props: dict[str, PropValue] = {
            "nameVi": name,
            "nameEn": name_en,
            "planKind": kind,
            "status": "approved",
            "start": plan.start.isoformat(),
            "end": plan.end.isoformat(),
            "horizon": 2030,
        }
        self.node(plan.id, Label.PLAN, props, self.cite(plan.document, "Điều 1"))
        self.edge(Rel.ADOPTED_BY, plan.id, plan.document, self.cite(plan.document, "Điều 1"))
        self.plans.append(plan)
        for i in range(3 + self.random.randrange(4)):
            template_vi, template_en = INDICATORS[(i + len(self.plans)) % len(INDICATORS)]
            indicator = f"indicator/{plan.id.removeprefix('plan/')}-ct-{i + 1}"
            locator = f"Mục II.{i + 1}"
            props = {
                "nameVi": template_vi.format(f=plan.field_vi),
                "nameEn": template_en.format(fe=plan.field_en),
                "unit": "%",
            }
            self.node(indicator, Label.INDICATOR, props, self.cite(plan.document, locator))
            self.edge(Rel.IN_PLAN, indicator, plan.id, self.cite(plan.document, locator))
            plan.indicators.append(indicator)
            value = float(self.random.randrange(20, 60))
            for year in range(plan.start.year, plan.end.year + 1):
                target = f"target/{indicator.removeprefix('indicator/')}-{year}"
                props = {"year": year, "value": value, "unit": "%", "text": f"Năm {year} đạt {value:g}%"}
                self.node(target, Label.TARGET, props, self.cite(plan.document, locator))
                self.edge(Rel.HAS_TARGET, indicator, target, self.cite(plan.document, locator))
                self.edge(Rel.IN_PLAN, target, plan.id, self.cite(plan.document, locator))
                value = min(100.0, value + self.random.randrange(5, 20))

    # tasks

    def build_tasks(self) -> None:
        strategies = [p for p in self.plans if p.strategy is None]
        others = [p for p in self.plans if p.strategy is not None]
        per_strategy = max(1, min(20, self.size // (10 * len(strategies))))
        sizes = {p.id: per_strategy for p in strategies}
        remaining = self.size - per_strategy * len(strategies)
        if remaining < 0 or not others:
            sizes = {p.id: 0 for p in self.plans}
            for i in range(self.size):
                sizes[strategies[i % len(strategies)].id] += 1
            remaining = 0
        weights = [self.random.uniform(0.5, 1.5) for _ in others]
        total = sum(weights)
        for plan, weight in zip(others, weights, strict=True):
            sizes[plan.id] = int(remaining * weight / total)
        if others:
            sizes[others[-1].id] += self.size - sum(sizes.values())
        sequence = 0
        for plan in self.plans:
            span = (plan.end - plan.start).days
            days = sorted(plan.start.toordinal() + self.random.randrange(span) for _ in range(sizes[plan.id]))
            for n, when in enumerate(days, start=1):
                sequence += 1
                self.add_task(plan, n, date.fromordinal(when), sequence)
            self.depend_within(plan)
        for plan in others:
            self.depend_on_strategy(plan)
        self.long_chains()

    def add_task(self, plan: _Plan, n: int, when: date, sequence: int) -> None:
        task_id = f"task/{plan.id.removeprefix('plan/')}-nv-{n:03d}"
        text = self.deadline_text(when)
        recurring = text is not None and "hằng năm" in text
        group, vi, en, output = REPORT_TASK if recurring else self.random.choice(TASKS)
        year = str(when.year)
        props: dict[str, PropValue] = {
            "nameVi": vi.format(f=plan.field_vi, y=year, p=plan.place),
            "nameEn": en.format(fe=plan.field_en, y=year, p=plan.place),
            "groupVi": GROUPS[group][0],
            "groupEn": GROUPS[group][1],
            "output": output,
            "status": self.status(when),
        }
        if text is not None:
            props.update(_deadline_props(text))
        locator = f"Phụ lục, mục {group + 1}.{n}"
        self.node(task_id, Label.TASK, props, self.cite(plan.document, locator))
        self.edge(Rel.IN_PLAN, task_id, plan.id, self.cite(plan.document, locator))
        lead = self.random.choice(plan.units)
        self.edge(Rel.LEADS, lead, task_id, self.cite(plan.document, locator))
        supporters = self.random.sample(plan.units, min(len(plan.units), self.random.choice((0, 1, 1, 2, 3))))
        for supporter in supporters:
            if supporter != lead:
                self.edge(Rel.SUPPORTS, supporter, task_id, self.cite(plan.document, locator))
        if plan.indicators and self.random.random() < 0.4:
            for indicator in self.random.sample(plan.indicators, 1 + (self.random.random() < 0.2)):
                self.edge(Rel.CONTRIBUTES_TO, task_id, indicator, self.cite(plan.document, locator))
        if recurring:
            self.add_reports(task_id, plan)
        plan.tasks.append(task_id)
        self.rank[task_id] = (when.toordinal(), sequence)
        self.task_plan[task_id] = plan

    def deadline_text(self, when: date) -> str | None:
        """A deadline text around ``when``, in the forms action plans use; None for a task without one."""
        y, m = when.year, when.month
        roll = self.random.random()
        if roll < 0.28:
            return f"Quý {QUARTERS[(m - 1) // 3]}/{y}"
        if roll < 0.42:
            return f"Tháng {m}/{y}"
        if roll < 0.52:
            return self.random.choice((f"Năm {y}", f"Trong năm {y}"))
        if roll < 0.60:
            return f"6 tháng {'đầu' if m <= 6 else 'cuối'} năm {y}"
        if roll < 0.70:
            return f"Trước ngày {self.random.choice((1, 15, 20, 30 if m != 2 else 28)):02d}/{m:02d}/{y}"
        if roll < 0.75:
            return self.random.choice((f"{y}–{y + 1}", f"Giai đoạn {y}–{y + 2}"))
        if roll < 0.80:
            return self.random.choice((f"Đến năm {y}", f"Đến hết năm {y}"))
        if roll < 0.82:
            return "Trước ngày 15/12 hằng năm"
        if roll < 0.85:
            return "Thường xuyên"
        if roll < 0.90:
            return f"Ngày {when.day:02d}/{m:02d}/{y}"
        return None

    def status(self, when: date) -> str:
        roll = self.random.random()
        if when < REFERENCE_DAY:
            return "done" if roll < 0.5 else "in-progress" if roll < 0.7 else "unknown"
        return "not-started" if roll < 0.4 else "in-progress" if roll < 0.6 else "unknown"

    def add_reports(self, task_id: str, plan: _Plan) -> None:
        """Yearly reports that fulfil a recurring duty in some of its years (dated documents)."""
        for year in range(plan.start.year, min(plan.end.year, REFERENCE_DAY.year - 1) + 1):
            if self.random.random() < 0.6:
                number = self.number()
                when = date(year, 11, 15) + timedelta(days=self.random.randrange(28))
                doc = self.document(
                    f"bc-{number}-{year}-{task_id.removeprefix('task/')[:40]}",
                    f"{number}/BC",
                    "report",
                    f"Báo cáo kết quả thực hiện chuyển đổi số {plan.field_vi} năm {year}",
                    when,
                    None,
                )
                self.edge(Rel.FULFILLED_BY, task_id, doc, self.cite(doc, "tiêu đề văn bản"))

    # dependencies

    def depend(self, task: str, prerequisite: str, stated: bool) -> None:
        """``task`` DEPENDS_ON ``prerequisite``; only toward a lower rank, so the edges form a DAG."""
        if self.rank[prerequisite] >= self.rank[task] or (task, prerequisite) in self.dependencies:
            return
        self.dependencies.add((task, prerequisite))
        plan = self.task_plan[task]
        n = prerequisite.rsplit("-", 1)[1]
        if stated:
            source = self.cite(plan.document, "Phụ lục, cột Sản phẩm", Kind.PARAPHRASE)
        else:
            note = f"Uses the output of {prerequisite} (nhiệm vụ {n}), which the plan schedules earlier."
            source = self.cite(plan.document, "Phụ lục", Kind.INFERRED, note)
        self.edge(Rel.DEPENDS_ON, task, prerequisite, source)

    def depend_within(self, plan: _Plan) -> None:
        tasks = plan.tasks
        for i, task in enumerate(tasks):
            if i == 0 or self.random.random() < 0.35:
                continue
            for _ in range(1 + (self.random.random() < 0.3)):
                j = max(0, i - 1 - int(self.random.expovariate(1 / 6)))
                self.depend(task, tasks[j], self.random.random() < 0.5)

    def depend_on_strategy(self, plan: _Plan) -> None:
        assert plan.strategy is not None
        strategy = next(p for p in self.plans if p.id == plan.strategy)
        if not strategy.tasks:
            return
        for task in plan.tasks:
            if self.random.random() < 0.03:
                self.depend(task, self.random.choice(strategy.tasks), False)

    def long_chains(self) -> None:
        """A few chains across plans, each task waiting for the one before: the longest paths."""
        ordered = sorted(self.rank, key=self.rank.__getitem__)
        length = min(len(ordered), 40 + self.size // 500)
        for _ in range(2 + self.size // 50_000):
            chain = sorted(self.random.sample(ordered, length), key=self.rank.__getitem__)
            for before, after in itertools.pairwise(chain):
                self.depend(after, before, False)

    def run(self) -> Batch:
        ministries, provinces = self.build_agencies()
        self.build_plans(ministries, provinces)
        self.build_tasks()
        return Batch.of(self.nodes, self.edges)


@cache
def _deadline_props(text: str) -> dict[str, str | int | bool]:
    """Deadline properties through the same reader as loaded data; a handful of texts repeat."""
    return deadline_props(parse_deadline(text))


def generate(tasks: int, seed: int = 0) -> Batch:
    """A synthetic strategy graph with ``tasks`` tasks; the same ``tasks`` and ``seed`` give the same batch."""
    return _Generator(tasks, seed).run()
