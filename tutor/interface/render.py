"""Rich renderables for verdicts, problem lists, and the drill's, quiz's and interview's prompts. Builds, never prints.

The CLI owns the Console; tests render these objects into a fixed-width
``Console(file=StringIO())`` and compare the text with golden files. Rich is
imported inside the functions that use it, so that ``rnn-tutor list`` does
not pay for Rich's Console at start-up.
"""

from __future__ import annotations

from ..base.language import N_, _, has_wide, ngettext, unwrap
from .columns import pad_columns, prose, wrap_columns

STYLE = {"correct": "bold green", "incorrect": "bold red", "invalid": "bold yellow"}
MARK = {"correct": N_("✔ correct"), "incorrect": N_("✘ incorrect"), "invalid": N_("⚠ invalid answer")}
MARK_ASCII = {"correct": N_("correct"), "incorrect": N_("incorrect"), "invalid": N_("invalid answer")}



def to_ascii(text: str) -> str:
    """:func:`tutor.interface.layout.to_ascii`, imported when first needed (``list`` does not pay for it)."""
    from .layout import to_ascii as spell

    return spell(text)


class _Caret:
    """The answer's line with ``^`` under the fault, cut around the fault (with …) to the width it is given.

    Wrapping would put the carets under the wrong characters, so the two lines
    are windowed together instead.
    """

    def __init__(self, caret: str, ascii: bool = False):
        line, _, marks = caret.partition("\n")
        col = len(marks) - len(marks.lstrip(" "))
        width = max(1, len(marks.strip()))
        if ascii:
            col, width = len(to_ascii(line[:col])), max(1, len(to_ascii(line[col : col + width])))
            line = to_ascii(line)
        self.line, self.col, self.width, self.ascii = line, col, width, ascii

    def __rich_console__(self, console, options):
        from rich.text import Text

        room = max(10, options.max_width)
        line, col, width = self.line, self.col, self.width
        dots = "..." if self.ascii else "…"
        total = max(len(line), col + width)
        if total > room:  # a window around the fault, marked with … where the line goes on
            line = line.ljust(total)
            width = min(width, room // 2)
            lo = max(0, min(col + width // 2 - room // 2, total - (room - len(dots))))
            left = dots if lo else ""
            hi = lo + room - len(left)
            right = ""
            if hi < total:
                right, hi = dots, hi - len(dots)
            line, col = (left + line[lo:hi]).rstrip() + right, col - lo + len(left)
        yield Text(line, no_wrap=True, overflow="crop")
        yield Text(" " * col + "^" * width, no_wrap=True, overflow="crop")


def bullets(lines, ascii: bool = False):
    """Feedback as bullets whose wrapped lines stay indented under the text."""
    return _hanging([("- " if ascii else "• ", "", line, "") for line in lines], ascii)


def verdict_panel(verdict, ascii: bool = False):
    """A panel: how the answer was read, the verdict, the convention, the feedback."""
    from rich.console import Group
    from rich.panel import Panel
    from rich.text import Text

    plain = _plainer(ascii)
    parts = []
    shown = verdict.interpreted_ascii if ascii else verdict.interpreted
    if shown:
        parts.append(Text(_("interpreted as:"), style="dim"))
        for line in shown.splitlines():
            parts.append(Text("  " + plain(line)))
    if verdict.caret:
        parts.append(_Caret(verdict.caret, ascii))
    parts.append(Text(_((MARK_ASCII if ascii else MARK)[verdict.verdict]), style=STYLE[verdict.verdict]))
    if verdict.convention:
        parts.append(Text.assemble((_("convention: "), "dim"), plain(verdict.convention)))
    if verdict.feedback:
        parts.append(bullets(verdict.feedback, ascii))
    from rich import box

    return Panel(Group(*parts), title=plain(verdict.problem), title_align="left",
                 border_style=STYLE[verdict.verdict].split()[-1], box=box.ASCII if ascii else box.ROUNDED)


def problem_lines(topics: dict, width: int = 80, states: dict | None = None) -> list[str]:
    """Problems grouped by topic, with ids and prompts, as plain wrapped lines.

    Plain text on purpose: ``rnn-tutor list`` must start as fast as Typer
    itself, and importing Rich's Console alone costs a quarter of that.
    The CLI adds colour to the ids when the terminal wants it.
    """
    states = states or {}
    # long ids (lstm.back.forget_preact) go on a line of their own rather than widen every row
    idw = min(max((len(p.id) for t in topics.values() for p in t.problems), default=10), 14) + 2
    sw = 10 if states else 0
    lines = []
    for topic in topics.values():
        lines.append(f"{topic.title} ({topic.name})")
        for p in topic.problems:
            wrapped = wrap_columns(p.prompt, max(20, width - idw - sw - 2)) or [""]
            state = pad_columns(_(STATES.get(states.get(p.id, "new"), "new")), sw) if states else ""
            if len(p.id) + 2 > idw:
                lines.append("  " + p.id)
                lines.append("  " + " " * idw + state + wrapped[0])
            else:
                lines.append("  " + p.id.ljust(idw) + state + wrapped[0])
            lines.extend(" " * (idw + sw + 2) + more for more in wrapped[1:])
        lines.append("")
    return lines


# ---------------------------------------------------------------- drill


class View:
    """The drill's renderer with ``ascii`` bound: ``View(ascii=True).hint_text(...)`` is ``hint_text(..., ascii=True)``.

    The drill is handed either this module or a View; both offer the same functions.
    """

    def __init__(self, ascii: bool = False):
        self.ascii = ascii

    def __getattr__(self, name):
        import functools

        if name.startswith("_") or not callable(globals().get(name)):
            raise AttributeError(name)
        return functools.partial(globals()[name], ascii=self.ascii)


def _plainer(ascii: bool):
    return to_ascii if ascii else (lambda s: s)


def drill_intro(count: int, help_text: str, seed=None, ascii: bool = False):
    order = _(", shuffled (seed {seed}; --seed {seed} repeats this order)").format(seed=seed) if seed is not None else ""
    head = ngettext("{count} item{order}.", "{count} items{order}.", count).format(count=count, order=order)
    return _paragraphs([(head, "bold"), (_plainer(ascii)(_(help_text)), "dim")])


def continuation(ascii: bool = False) -> str:
    """The prompt of a whole cell's second and later lines."""
    return "... " if ascii else "… "


def drill_prompt(n: int, total: int, problem, whole: bool, again: bool = False, ascii: bool = False):
    from rich.text import Text

    from rich.console import Group

    plain = _plainer(ascii)
    head = Text()
    head.append(f"[{n}/{total}] ", style="bold")
    head.append(problem.id, style="bold cyan")
    if again:
        head.append(_(" (again)"), style="bold yellow")
    head.append("  ")
    notes = Text(style="dim")
    if problem.symbols:
        notes.append(_("you may use: {symbols}").format(symbols=plain(problem.symbols)))
    if whole:
        notes.append(("\n" if problem.symbols else "") + _("one equation per line; an empty line ends the answer"))
    parts = [Text(""), _two_columns(head, prose(plain(problem.prompt)))]
    if notes.plain:
        parts.append(_two_columns(Text(" " * 7), notes))
    return Group(*parts)


def _two_columns(left, right):
    """``left`` then ``right``, whose wrapped lines stay under its first one."""
    from rich.table import Table

    grid = Table.grid(padding=0)
    grid.add_column(no_wrap=True)
    grid.add_column()
    grid.add_row(left, right)
    return grid


def commands_help(ascii: bool = False):
    from rich.text import Text

    return Text(_plainer(ascii)(_("Commands: ? or :hint, :show, :skip, :quit (or the words hint, skip, quit, exit)")), style="yellow")


def no_more_hints(problem, ascii: bool = False):
    from rich.text import Text

    if not problem.hints:
        return Text(_("No hints for this one; :show reveals the answer."), style="yellow")
    return Text(_("No more hints; :show reveals the answer."), style="yellow")


def hint_text(problem, index: int, used: int, targeted: bool = False, ascii: bool = False):
    """Hint number ``index`` of the ladder, as the ``used``-th hint given (``targeted``: chosen for the last mistake)."""
    from rich.text import Text

    text = Text(_plainer(ascii)(problem.hints[index]))
    if targeted:
        text.append(_("  (for your last mistake)"), style="dim")
    if used >= len(problem.hints):
        text.append(_("  (that was the last hint; :show reveals the answer)"), style="dim")
    return _two_columns(Text(_("hint {used}/{total}: ").format(used=used, total=len(problem.hints)), style="bold yellow"),
                        _wrapped(text))


def _wrapped(text):
    """A styled Text as it is, or by terminal columns when it holds Chinese (Rich would cut it ragged)."""
    return prose(text.plain) if has_wide(text.plain) else text


def note(message: str, ascii: bool = False):
    return prose(_plainer(ascii)(_(message)), "dim")


def reveal_panel(problem, ascii: bool = False):
    """The reference and its named variants, typeset from the bank."""
    from rich import box
    from rich.console import Group
    from rich.panel import Panel
    from rich.text import Text

    from ..notation import parse
    from ..notation.typeset import Names, typeset

    plain = _plainer(ascii)
    _Names = Names(problem.scope)
    parts = []
    for k, ref in enumerate(problem.all_references()):
        if k:
            parts.append(Text(""))
        parts.append(Text(plain(ref.name), style="dim"))
        if problem.kind in ("derivation", "gradient"):  # a reference may be a worked chain
            from ..notation import parse_chain

            parts.append(Text("  " + plain(" = ".join(typeset(link, _Names, ascii=ascii) for link in parse_chain(ref.answer)))))
            continue
        for eq in parse(ref.answer):
            parts.append(Text("  " + plain(typeset(eq, _Names, ascii=ascii))))
    if problem.explanation:
        parts.append(Text(""))
        parts.append(prose(plain(unwrap(problem.explanation))))
    return Panel(Group(*parts), title=_("{id}: the answer").format(id=problem.id), title_align="left", border_style="yellow",
                 box=box.ASCII if ascii else box.ROUNDED)


def _hanging(rows, ascii: bool = False):
    """(mark, style, text, note) rows as a grid: wrapped text stays indented under its own column."""
    from rich.table import Table
    from rich.text import Text

    grid = Table.grid(padding=0)
    grid.add_column(no_wrap=True)
    grid.add_column()
    plain = _plainer(ascii)
    for mark, style, text, extra in rows:
        body = Text(plain(text))
        if extra:
            body.append(f"   {plain(extra)}", style="dim")
        grid.add_row(Text(mark, style=style), _wrapped(body))
    return grid


def line_marks(marks: list, every: bool = False, ascii: bool = False):
    """A whole cell line by line: ✔ or ✘, the line, and the first reason for a wrong one (``every``: all of them)."""
    rows = []
    for line, verdict in marks:
        ok = verdict.verdict == "correct"
        mark = ("  ok " if ok else "  no ") if ascii else ("  ✔ " if ok else "  ✘ ")
        reasons = list(verdict.feedback) if every else list(verdict.feedback[:1])
        rows.append((mark, "green" if ok else "red", line.strip(), "" if ok else "; ".join(reasons)))
    return _hanging(rows, ascii)


# ---------------------------------------------------------------- interview


def _clock(seconds: float) -> str:
    minutes, rest = divmod(int(seconds), 60)
    return f"{minutes}:{rest:02d}"


def interview_intro(problem, title: str, minutes: float, ascii: bool = False):
    plain = _plainer(ascii)
    lines = [(_("Mock interview: the {title} cell, from memory.").format(title=title), "bold"), (plain(problem.prompt), "")]
    if problem.symbols:
        lines.append((_("you may use: {symbols}").format(symbols=plain(problem.symbols)), "dim"))
    lines.append((_("One equation per line; an empty line ends the cell. No hints, nothing is checked until "
                    "you finish. The clock runs: an interviewer would give about {minutes:g} min. :quit leaves.")
                  .format(minutes=minutes), "dim"))
    return _paragraphs(lines)


def _paragraphs(lines: list):
    """(text, style) lines: one Rich Text for English; for Chinese, paragraphs wrapped by terminal columns,
    between characters and never before closing punctuation (Rich breaks at a space or before a ：)."""
    from rich.text import Text

    if any(has_wide(line) for line, _ in lines):
        from rich.console import Group

        return Group(*[prose(line, style) for line, style in lines])
    text = Text()
    for i, (line, style) in enumerate(lines):
        text.append(("\n" if i else "") + line, style=style)
    return text


def interview_time(seconds: float, target: float, ascii: bool = False):
    from rich.text import Text

    over = seconds > target
    return Text((_("time: {time} (about {target} expected, over)") if over else _("time: {time} (about {target} expected)"))
                .format(time=_clock(seconds), target=_clock(target)),
                style="yellow" if over else "green")


def interview_summary(outcome, ascii: bool = False):
    from rich import box
    from rich.panel import Panel
    from rich.text import Text

    text = Text()
    if not outcome.verdict:
        text.append(_("no cell written"))
    else:
        text.append(_("cell: {verdict}   lines right: {right}/{lines}   time: {time} of about {target}").format(
            verdict=_(MARK_ASCII.get(outcome.verdict, outcome.verdict)), right=outcome.lines_right, lines=outcome.lines,
            time=_clock(outcome.seconds), target=_clock(outcome.target)) + "\n")
        text.append(_("follow-up questions right: {right}/{total}").format(right=outcome.followups_right,
                                                                            total=outcome.followups))
    return Panel(text, title=_("Interview summary: {cell}").format(cell=outcome.cell), title_align="left",
                 box=box.ASCII if ascii else box.ROUNDED)


def drill_summary(summary, upcoming: list, title: str = N_("Drill summary"), ascii: bool = False):
    """The end of a drill: what was done, and what is due next."""
    from rich import box
    from rich.panel import Panel
    from rich.text import Text

    minutes, seconds = divmod(int(summary.seconds), 60)
    text = Text()
    text.append(_("items: {items}   right first time: {first}   right: {right}   relearned: {relearned}").format(
        items=summary.items, first=summary.right_first_time, right=summary.right,
        relearned=getattr(summary, "relearned", 0)) + "\n")
    text.append(_("hints used: {hints}   revealed: {revealed}   skipped: {skipped}   time: {minutes}:{seconds:02d}").format(
        hints=summary.hints, revealed=summary.revealed, skipped=summary.skipped, minutes=minutes, seconds=seconds))
    if getattr(summary, "seed", None) is not None:
        text.append("   " + _("seed: {seed}").format(seed=summary.seed))
    if upcoming:
        text.append("\n" + _("next due: ") + _(", ").join(f"{pid} {when}" for pid, when in upcoming[:6]))
    return Panel(text, title=_(title), title_align="left", box=box.ASCII if ascii else box.ROUNDED)


STATES = {"new": N_("new"), "learning": N_("learning"), "due": N_("due"), "done": N_("done")}


def glossary_lines(found: list, lang: str, width: int = 80, ascii: bool = False) -> list[str]:
    """Glossary entries as plain lines: ``English · 中文 (other spellings)``, then the definition, indented.

    ``ascii``: the English term and definition only, in ASCII (a terminal without Unicode cannot show the Chinese).
    """
    from ..notation.typeset import asciify

    lines = []
    for term in found:
        also = [a for a in term.also if a.isascii()] if ascii else list(term.also)
        head = term.en if ascii else f"{term.en} · {term.zh}"
        if also:
            head += "  (" + ", ".join(also) + ")"
        text = term.definition["en"] if ascii else (term.definition.get(lang) or term.definition["en"])
        if ascii:  # the notation's spellings first (σ → sigmoid), then any leftover by its compatibility form (x₁ → x1)
            import unicodedata

            head, text = (unicodedata.normalize("NFKD", asciify(t)).encode("ascii", "ignore").decode() for t in (head, text))
        lines.extend(wrap_columns(head, width))
        lines.extend("    " + line for line in wrap_columns(text, width - 4))
    return lines


# ---------------------------------------------------------------- quiz


def _example(kind: str, shown) -> str:
    """A format example for a lettered answer, of the right length and never the answer itself."""
    from itertools import permutations, product

    from ..teaching.quiz import LETTERS

    letters = LETTERS[: len(shown.choices)]
    expected = " ".join(shown.expected)
    k = len(shown.expected)
    if kind == "multi":
        candidates = (f"{a} {b}" for i, a in enumerate(letters) for b in letters[i + 1 :])
    elif kind == "match":  # a letter may answer several items
        candidates = (" ".join(p) for p in product(reversed(letters), repeat=k) if len(set(p)) > 1)
    else:
        candidates = (" ".join(p) for p in permutations(letters, k) if list(p) != sorted(p))
    return next((c for c in candidates if c != expected), "")


HOW = {"single": N_("answer with one letter"), "multi": N_("answer with all the letters that apply"),
       "match": N_("answer with a letter for each numbered item, in order"),
       "order": N_("answer with the letters in order"), "symbolic": N_("answer with a number or an expression"),
       "value": N_("answer with whole numbers, e.g. (2, 3, 4) for a shape")}


def quiz_prompt(n: int, total: int, shown, again: bool = False, ascii: bool = False):
    from rich.text import Text

    from ..teaching.quiz import LETTERS

    plain = _plainer(ascii)
    q = shown.question
    head = Text()
    head.append(f"[{n}/{total}] ", style="bold")
    if again:
        head.append(_("(again) "), style="bold yellow")
    how = _(HOW[q.kind])
    example = _example(q.kind, shown) if q.kind in ("multi", "match", "order") else ""
    if example:
        how += _(", e.g. {example}").format(example=example)
    from rich.console import Group

    if has_wide(q.text):  # Chinese breaks between characters, so it wraps by columns under its first line
        parts = [Text(""), _two_columns(head, prose(plain(q.text)))]
    else:
        text = Text("\n")
        text.append_text(head)
        text.append(plain(q.text))
        parts = [text]
    rows = []
    if q.kind == "match":
        rows.extend((f"  {i}. ", plain(item)) for i, item in enumerate(q.left, 1))
        rows.append(("  ", _("options:")))
    rows.extend((f"  {letter}) ", plain(choice)) for letter, choice in zip(LETTERS, shown.choices))
    parts += [_two_columns(Text(left), prose(right)) for left, right in rows]
    return Group(*parts, _two_columns(Text("  "), prose(how, "dim")) if has_wide(how) else Text(f"  {how}", style="dim"))


def quiz_result(graded, shown, message: str, ascii: bool = False):
    """✔/✘, what was wrong, the right answer and the explanation (or just a note)."""
    from rich.text import Text

    from ..teaching.quiz import LETTERS

    plain = _plainer(ascii)
    q = shown.question
    if graded is not None and not graded.valid:
        return Text(plain(message), style="yellow")
    if graded is None and message:
        return Text(plain(message), style="yellow")
    text = Text()
    if graded is not None:
        marks = MARK_ASCII if ascii else MARK
        text.append(_(marks["correct"]) if graded.correct else _(marks["incorrect"]),
                    style="bold green" if graded.correct else "bold red")
        if message:
            text.append(f"  ({plain(message)})", style="dim")
        text.append("\n")
    if q.kind == "symbolic":
        from ..teaching.quiz import _shown_reference, symbolic_problem

        right = _shown_reference(symbolic_problem(q))
    elif q.kind in ("single", "multi"):
        right = ("；" if has_wide("".join(shown.choices)) else ", ").join(
            f"{l}) {shown.choices[LETTERS.index(l)]}" for l in shown.expected)
    elif q.kind == "value":
        right = ", ".join(shown.expected) if len(shown.expected) == 1 else f"({', '.join(shown.expected)})"
    else:
        right = " ".join(shown.expected)
    yes, no = ("+", "x") if ascii else ("✔", "✘")
    notes = graded.notes if graded is not None else ()
    explanation = plain(unwrap(q.explanation)) if q.explanation else ""
    if has_wide(" ".join([right, explanation, *(o + w for _, o, w in notes)])):
        # Chinese: each line wraps by terminal columns under its label (Rich would break it only at its rare spaces)
        from rich.console import Group

        text.rstrip()
        parts = [text] if text.plain else []
        for letter, option, why in notes:
            mark = yes if letter in shown.expected else no
            parts.append(_two_columns(Text(f"{mark} {letter}) ", style="bold"),
                                      prose(plain(option) + ("：" if has_wide(why) else ": ") + plain(why))))
        parts.append(_two_columns(Text(_("answer: "), style="bold"), prose(plain(right))))
        if explanation:
            parts.append(prose(explanation, "dim"))
        return Group(*parts)
    for letter, option, why in notes:
        mark = yes if letter in shown.expected else no
        text.append(f"{mark} {letter}) {plain(option)}: ", style="bold")
        text.append(plain(why) + "\n")
    text.append(_("answer: "), style="bold")
    text.append(plain(right))
    if explanation:
        text.append("\n" + explanation, style="dim")
    return text
