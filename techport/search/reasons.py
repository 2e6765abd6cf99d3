"""Why a listing matched another, in words a person can read, and how strong the match is.

Shared words come from the highlighted word (syllable shingle) fields, so every one is a whole word or
phrase of two or more syllables that both texts use ("máy sấy", "bơm nhiệt"), never a lone syllable or a
function word. When the texts share meaning but no such words (often across languages) the semantic layer's
similarity is the reason. Structured reasons (sector, TRL, transfer mode, budget) come from named clauses.
"""

import re
import unicodedata
from dataclasses import dataclass, field

from techport.search.analysis import ENGLISH_STOPWORDS, VIETNAMESE_STOPWORDS

WORD_HIGHLIGHT_FIELDS = ("title.words", "keywords.words", "summary.words", "details.words", "description.words")
# Highlighted by the text query itself, synonyms included: what two texts in different languages share.
TERM_HIGHLIGHT_FIELDS = ("title", "keywords", "summary")
ADJACENT_MARKS = re.compile(r"</mark>(\s+)<mark>")
SHARED_TERMS_SHOWN = 6
MARKED = re.compile(r"<mark>(.*?)</mark>", re.DOTALL)
PIECE_BREAK = re.compile(r"[,.;:!?()\[\]{}\"“”‘’/|–—]+")
FUNCTION_WORDS = frozenset(VIETNAMESE_STOPWORDS) | frozenset(ENGLISH_STOPWORDS)
# Phrases two listings share without it saying anything about their subject (folded forms).
GENERIC_PHRASES = frozenset(
    phrase.strip()
    for phrase in """
    giai phap|he thong|cong nghe|san pham|ung dung|nghien cuu|doanh nghiep|chung toi|cong ty|quy trinh|phat trien
    chi phi|hieu qua|ky thuat|thiet bi|viet nam|thanh pho|ho chi minh|ho chi|chi minh|tp hcm|co the|mot so|hien nay
    nhu cau|tim kiem|hop tac|chuyen giao|thu nghiem|trien khai|su dung|bao gom|dap ung|yeu cau|thi truong
    quy mo|nang cao|hien tai|dang tim|can tim|mong muon|lien he|thoi gian|khach hang|don vi|nha may|dia phuong
    trong nuoc|nuoc ngoai|nhu sau|ket qua|dau tu|chat luong|san xuat|tu dong|thong minh|hoat dong|muc tieu
    van hanh|nhap khau|thiet ke|bao tri|tich hop|ap dung|xu ly|thu hoi|che tao|thap hon|cao hon|ket hop
    tieu thu|chu ky|dung tren|theo loai|lap dat|thay the|giam thieu|toi uu|dieu khien|ho tro|cung cap
    phan mem|nen tang|du lieu|che pham|trieu dong|tiet kiem|ket noi|nang suat|khong dung|lien ket|vi tri|nhan chuyen giao
    """.replace("\n", "|").split("|")
    if phrase.strip()
)
# Longer highlighted runs are several phrases merged, not one a reader would name.
MAX_PHRASE_WORDS = 4
# Cosines of the multilingual model: above SEMANTIC_REASON texts are about the same thing.
SEMANTIC_REASON = 0.86
STRONG_COSINE = 0.88
GOOD_COSINE = 0.86
GOOD_WORDS_COSINE = 0.84
FLOOR_COSINE = SEMANTIC_REASON
# Shared words count when the texts are at least this close in meaning (a word can be shared by chance).
WORDS_COSINE = 0.83
# The relevance floor on the text side: at least one shared word and this share of the best match's score,
# or this larger share alone (a text matched through synonyms, in the other language).
FLOOR_SHARE = 0.2
TEXT_FLOOR_SHARE = 0.4
# Texts in two languages score lower cosines for the same subject; below this they are not about it.
OTHER_LANGUAGE_COSINE = 0.80


@dataclass
class MatchReason:
    code: str  # shared_terms, semantic, sector, trl, transfer_mode, budget
    values: list = field(default_factory=list)


def folded(text: str) -> str:
    return unicodedata.normalize("NFKD", text.lower().replace("đ", "d")).encode("ascii", "ignore").decode()


def _pieces(marked: str) -> list[str]:
    """A highlighted stretch cut at punctuation and function words into phrases of two or more words."""
    pieces = []
    for part in PIECE_BREAK.split(marked):
        run: list[str] = []
        for word in [*part.split(), ""]:
            if word and word.lower() not in FUNCTION_WORDS:
                run.append(word)
                continue
            if sum(1 for token in run if any(char.isalpha() for char in token)) >= 2:
                pieces.append(" ".join(run))
            run = []
    return pieces


def shared_phrases(highlight: dict[str, list[str]], english_document: bool = False) -> list[str]:
    """The words and phrases both listings use, title first, without generic ones or repeats.

    Phrases come from the word (shingle) fields; when there are none, from the text query's own highlights,
    where a synonym marks what two languages share ("drone" for "máy bay không người lái"). In an English
    document a single marked word is a whole word and counts too.
    """
    phrases = _phrases(highlight, WORD_HIGHLIGHT_FIELDS, single_words=False)
    return phrases or _phrases(highlight, TERM_HIGHLIGHT_FIELDS, single_words=english_document)


def _phrases(highlight: dict[str, list[str]], fields: tuple[str, ...], single_words: bool) -> list[str]:
    phrases: list[str] = []
    keys: list[str] = []
    for field_name in fields:
        for fragment in highlight.get(field_name, []):
            # The text query marks each syllable on its own: neighbouring marks are one phrase.
            text = ADJACENT_MARKS.sub(r"\1", fragment) if fields == TERM_HIGHLIGHT_FIELDS else fragment
            for marked in MARKED.findall(text):
                pieces = _pieces(marked)
                if not pieces and single_words and _is_word(marked):
                    pieces = [marked.strip()]
                for phrase in pieces:
                    key = folded(phrase)
                    if len(key.split()) > MAX_PHRASE_WORDS or key in GENERIC_PHRASES:
                        continue
                    if any(key in other or other in key for other in keys):
                        continue
                    phrases.append(phrase)
                    keys.append(key)
    return phrases[:SHARED_TERMS_SHOWN]


def _is_word(text: str) -> bool:
    word = text.strip()
    return len(word) >= 3 and word.isalpha() and word.lower() not in FUNCTION_WORDS


def strength(phrases: int, cosine: float | None, score_share: float, same_language: bool = True) -> str | None:
    """``strong``, ``good`` or ``partial``; None below the relevance floor (the match is not shown).

    ``phrases`` counts the specific shared words; ``cosine`` is the embeddings' similarity (None with the
    semantic layer off or for a listing without an embedding); ``score_share`` the text score as a share
    of the best match's. A match is kept for what it shares (words, a high text score) only when its meaning
    is not far off, so a text that shares a few common words with the source stays out.
    """
    if cosine is None:
        if phrases >= 3 and score_share >= 0.6:
            return "strong"
        if phrases >= 2 and score_share >= 0.35:
            return "good"
        return "partial" if score_share >= TEXT_FLOOR_SHARE or phrases >= 1 and score_share >= FLOOR_SHARE else None
    if cosine >= STRONG_COSINE and phrases >= 1 or cosine >= GOOD_COSINE and phrases >= 3:
        return "strong"
    if cosine >= STRONG_COSINE or phrases >= 2 and cosine >= GOOD_WORDS_COSINE:
        return "good"
    if cosine >= FLOOR_COSINE or phrases >= 1 and cosine >= WORDS_COSINE:
        return "partial"
    shares_enough = score_share >= TEXT_FLOOR_SHARE or phrases >= 1 and score_share >= FLOOR_SHARE
    return "partial" if not same_language and shares_enough and cosine >= OTHER_LANGUAGE_COSINE else None


def structured_reasons(source, document: dict, matched: set[str]) -> list[MatchReason]:
    reasons = []
    if "sector" in matched:
        reasons.append(MatchReason("sector", [sector for sector in document["sectors"] if sector in source.sectors]))
    if "trl" in matched:
        reasons.append(MatchReason("trl", [document["trl"], source.trl]))
    if "transfer_mode" in matched:
        reasons.append(
            MatchReason("transfer_mode", [mode for mode in document["transfer_modes"] if mode in source.transfer_modes])
        )
    if "budget" in matched:
        reasons.append(MatchReason("budget", [document.get("price_vnd"), source.price_vnd]))
    return reasons


def reasons_for(source, hit: dict, cosine: float | None = None) -> list[MatchReason]:
    """Why ``hit`` matched ``source``: shared words (or shared meaning), then each structured clause that matched."""
    reasons = []
    phrases = shared_phrases(hit.get("highlight", {}), hit["_source"].get("language") == "en")
    if phrases:
        reasons.append(MatchReason("shared_terms", phrases))
    elif cosine is not None and cosine >= SEMANTIC_REASON:
        reasons.append(MatchReason("semantic", [round(cosine, 2)]))
    return reasons + structured_reasons(source, hit["_source"], set(hit.get("matched_queries", [])))
