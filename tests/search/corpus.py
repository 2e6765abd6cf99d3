"""A small judged corpus for search tests: solar pumps, drones, AI imaging, a coffee dryer, two needs."""

import uuid


def record(
    external_id,
    title,
    *,
    kind="offer",
    organisation="hcmut",
    language="vi",
    sectors=("energy",),
    trl=6,
    summary="",
    keywords=(),
    transfer_modes=("licence",),
    price_vnd=None,
    status="published",
):
    data = {
        "external_id": external_id,
        "organisation": organisation,
        "kind": kind,
        "status": status,
        "language": language,
        "title": title,
        "summary": summary or title,
        "description": f"{title}. {summary}",
        "trl": trl,
        "sectors": list(sectors),
        "keywords": list(keywords),
        "transfer_modes": list(transfer_modes),
        "price_vnd": price_vnd,
    }
    if kind == "ip_asset":
        data["ip"] = {"ip_type": "patent", "legal_status": "granted"}
    return data


CORPUS_TAG = uuid.uuid4().hex[:6]


def corpus() -> list[dict]:
    t = CORPUS_TAG
    return [
        record(
            f"s-pump-{t}",
            "Máy bơm nước năng lượng mặt trời cho tưới tiêu",
            sectors=("energy", "smart_agriculture"),
            keywords=("bơm nước", "điện mặt trời"),
            trl=7,
            price_vnd=300_000_000,
        ),
        record(
            f"s-pump-en-{t}",
            "Solar-powered water pump controller",
            language="en",
            organisation="hcmute",
            sectors=("energy", "electronics"),
            trl=6,
            price_vnd=150_000_000,
        ),
        record(
            f"s-drone-{t}",
            "Máy bay không người lái phun thuốc bảo vệ thực vật",
            organisation="nlu",
            sectors=("smart_agriculture", "electronics"),
            trl=7,
            keywords=("phun thuốc",),
        ),
        record(
            f"s-uav-en-{t}",
            "Agricultural spraying UAV with variable-rate nozzles",
            language="en",
            sectors=("smart_agriculture",),
            trl=8,
        ),
        record(
            f"s-ai-{t}",
            "Hệ thống AI chẩn đoán hình ảnh X-quang phổi",
            organisation="uit",
            sectors=("ai", "health"),
            trl=6,
            keywords=("chẩn đoán hình ảnh", "học sâu"),
        ),
        record(
            f"s-ai-ip-{t}",
            "Phương pháp phân đoạn ảnh siêu âm bằng trí tuệ nhân tạo",
            kind="ip_asset",
            organisation="hcmus",
            sectors=("ai", "health"),
            trl=4,
        ),
        record(
            f"s-coffee-{t}",
            "Máy sấy cà phê năng lượng mặt trời kết hợp bơm nhiệt",
            organisation="nlu",
            sectors=("smart_agriculture", "food_processing"),
            trl=6,
        ),
        record(f"s-draft-{t}", "Bản nháp máy bơm nước bí mật", status="draft"),
        record(
            f"n-pump-{t}",
            "Cần hệ thống bơm tưới dùng điện mặt trời cho trang trại",
            kind="need",
            organisation="sao-mai-agritech-demo",
            sectors=("energy", "smart_agriculture"),
            trl=5,
            price_vnd=400_000_000,
            keywords=("bơm nước", "năng lượng mặt trời"),
        ),
        record(
            f"n-drone-{t}",
            "Cần drone phun thuốc cho vùng lúa",
            kind="need",
            organisation="sao-mai-agritech-demo",
            sectors=("smart_agriculture",),
            trl=6,
        ),
    ]
