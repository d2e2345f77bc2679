"""Nothing lost: the character-accounting invariant, enforced at the end of every parse.

**Every non-space character of the source text is accounted for** in one of:

- an article field: kicker, title, subtitle, dateline, column label, editor's note, body
  blocks (paragraphs and subheads), attribution, photo captions and credits;
- a byline: the byline as printed, role words and brackets included, is kept as a consumed
  piece of kind ``byline`` (the names themselves are the article's bylines);
- a page's staff line (``ParsedIssue.staff``);
- a consumed piece (``ParsedIssue.consumed``): the masthead, a page marker, a removed jump
  marker or repeated headline, a mark (a subtitle's dash, an editor's note's label, a
  roundup heading's brackets);
- an unplaced fragment.

Characters are counted, not located: the source's must be a sub-multiset of what the parse
holds. Half-width punctuation made full-width (``punctuation``) counts as the mark printed.

``enforce`` runs at the end of ``parse_issue``. If it ever finds a character unaccounted
for (a fault of the parser: the property tests look for one), the source lines holding it
are kept as an unplaced fragment with a note, rather than dropped.
"""

from collections import Counter, defaultdict

from .result import ParsedFragment

_FOLD = tuple(zip("，：；！？（）", ",:;!?()", strict=True))
_SEPARATOR = "\x00"


def _squeezed(texts):
    """``texts`` without white space and with both widths of the normalised marks written
    one way, each still a string of its own."""
    joined = "".join(_SEPARATOR.join(texts).split())
    for full, half in _FOLD:
        joined = joined.replace(full, half)
    return joined.split(_SEPARATOR)


def accounted(issue):
    """All the text the parse keeps, as a list of strings."""
    out = []
    for article in issue.articles:
        out += [article.kicker, article.title, article.subtitle, article.dateline]
        out += [article.column, article.editors_note, article.attribution]
        out += article.paragraphs
        out += [image.caption for image in article.images]
        out += [image.credit for image in article.images]
    for fragment in issue.fragments:
        out += fragment.paragraphs
    out += issue.staff.values()
    out += [piece.text for piece in issue.consumed]
    return [text for text in out if text]


def unaccounted(text, issue):
    """The characters of ``text`` (spaces aside) the parse does not account for, counted.

    Exactly ``Counter(source) - Counter(kept)``, computed cheaply: a source line kept
    whole in one string cancels out; a kept string found inside what is left of the source
    is taken out of it (which takes out exactly its characters, wherever it is found); the
    few characters left on either side are then counted.
    """
    source = [line for line in (line.strip() for line in text.split("\n")) if line]
    kept = accounted(issue)
    whole = Counter(source) & Counter(kept)
    if whole:
        source_left, kept_left = Counter(whole), Counter(whole)
        source = [line for line in source if not _take(source_left, line)]
        kept = [piece for piece in kept if not _take(kept_left, piece)]
    if not source:
        return Counter()
    rest = "".join(_squeezed(source))
    leftover = []
    for piece in sorted(_squeezed(kept), key=len, reverse=True):
        if piece in rest:
            rest = rest.replace(piece, "", 1)
        else:
            leftover.append(piece)
    if not rest:
        return Counter()
    return Counter(rest) - Counter("".join(leftover))


def _take(counts, item):
    if counts[item]:
        counts[item] -= 1
        return True
    return False


def enforce(text, issue):
    """Check the invariant; keep the lines holding any character unaccounted for as an
    unplaced fragment, with a note naming them."""
    missing = unaccounted(text, issue)
    if not missing:
        return
    lines = text.split("\n")
    chosen = _lacking_lines(issue, lines)
    kept = _squeezed([lines[n - 1] for n in chosen])
    missing -= Counter("".join(kept))
    for number, line in enumerate(_squeezed(lines), start=1):  # what is still missing
        if missing and number not in chosen and any(missing[c] for c in Counter(line)):
            chosen.append(number)
            missing -= Counter(line)
    chosen.sort()
    issue.fragments.append(
        ParsedFragment(paragraphs=[lines[n - 1].strip() for n in chosen], line=chosen[0])
    )
    issue.warn(
        chosen[0],
        f"第{chosen[0]}行：有文字未能归入稿件（第{'、'.join(map(str, chosen))}行），"
        "已作为未归属文本保留，请核对。",
    )


def _lacking_lines(issue, lines):
    """The lines whose characters the target they went into (an article, a fragment, a
    page) does not hold: those entirely missing from it if there are any, else those
    holding something missing from it."""
    held = defaultdict(list)
    for k, article in enumerate(issue.articles):
        held["article", k] += [article.kicker, article.title, article.subtitle, article.dateline]
        held["article", k] += [article.column, article.editors_note, article.attribution]
        held["article", k] += article.paragraphs
        held["article", k] += [i.caption for i in article.images] + [
            i.credit for i in article.images
        ]
    for k, fragment in enumerate(issue.fragments):
        held["fragment", k] += fragment.paragraphs
    for number, staff in issue.staff.items():
        held["page", number].append(staff)
    target_of = {line.number: line.target for line in issue.lines}
    for piece in issue.consumed:
        held[target_of.get(piece.line)].append(piece.text)
    members = defaultdict(list)
    for line in issue.lines:
        if line.role != "blank":
            members[line.target].append((line.number, Counter(_squeezed([line.text])[0])))
    chosen = []
    for target, counted in members.items():
        lacking = sum((counts for _, counts in counted), Counter())
        lacking -= Counter("".join(_squeezed(held[target])))
        if not lacking:
            continue
        whole = [n for n, counts in counted if not (counts - lacking)]
        chosen += whole or [n for n, counts in counted if any(lacking[c] for c in counts)]
    return chosen
