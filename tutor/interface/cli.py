"""The command line: options → library call → render → exit code.

Thin on purpose: every command calls one library function and hands the
result to :mod:`tutor.interface.render`. SymPy and NumPy are imported inside the
commands that need them, so ``--help`` and ``list`` start as fast as Typer.
"""


import sys
from enum import IntEnum
from typing import Optional

import typer

app = typer.Typer(
    name="rnn-tutor",
    help="An offline tutor for the equations of RNN, LSTM and GRU cells.\n\n"
    "Example: rnn-tutor check lstm.cell 'c_t = f_t ⊙ c_{t-1} + i_t ⊙ g_t'",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,  # plain help: Typer's Rich help pulls in markdown-it and doubles start-up
)


class Exit(IntEnum):
    CORRECT = 0
    INCORRECT = 1
    INVALID = 2


def _console(stderr: bool = False):
    from .streams import console

    return console(stderr)


def _fail(message: str) -> None:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(Exit.INVALID)


@app.command("list")
def list_problems() -> None:
    """List the topics and problems with their ids and your progress (new, learning, due, done).

    Example: rnn-tutor list
    """
    from ..bank.problems import load
    from . import streams
    from .render import problem_lines

    states = {}
    from ..store.progress import FILENAME, home

    if (home() / FILENAME).exists():  # no store yet: everything is new, and nothing needs opening
        from ..store.progress import Store
        from ..store.schedule import now, status

        try:
            when = now()
        except ValueError as exc:  # a bad RNN_TUTOR_NOW
            _fail(str(exc))
        cards = Store.open(create=False).cards()
        states = {p.id: status(cards.get(p.id), when) for t in load().values() for p in t.problems}
    width = streams.width()
    colour = streams.colour()
    for line in problem_lines(load(), width, states):
        if colour and line and not line.startswith(" "):
            line = typer.style(line, bold=True)
        if not streams.emit(line):
            return  # the reader has gone (list | head)


def _read_answer(answer: str) -> str:
    if answer == "-":
        try:
            return sys.stdin.buffer.read().decode("utf-8")
        except UnicodeDecodeError:
            _fail("standard input is not UTF-8 text")
    return answer


def _batch(path: str, jobs: Optional[int]) -> None:
    from . import streams
    from .batch import default_jobs, run

    if jobs is not None and jobs < 1:
        _fail("--jobs must be at least 1")
    if path == "-":
        stream = sys.stdin.buffer
    else:
        try:
            stream = open(path, "rb")
        except OSError as exc:
            _fail(f"cannot read {path}: {exc.strerror}")
    run(stream, streams.emit, jobs or default_jobs(), ascii_only=not streams.unicode_out())


@app.command()
def check(
    problem: Optional[str] = typer.Argument(None, help="Problem id, e.g. lstm.forget (see `rnn-tutor list`)."),
    answer: Optional[str] = typer.Argument(None, help="The answer; '-' reads it from standard input."),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON object instead of a panel."),
    batch: Optional[str] = typer.Option(None, "--batch", metavar="FILE",
                                        help="Grade JSON lines {problem, answer, ...} from FILE ('-' for stdin)."),
    ascii: bool = typer.Option(False, "--ascii", help="Plain ASCII equations."),
    jobs: Optional[int] = typer.Option(None, "--jobs", "-j", help="--batch: worker processes (default: the machine's cores)."),
) -> None:
    """Check one answer: exit 0 correct, 1 incorrect, 2 invalid.

    Examples:

      rnn-tutor check lstm.cell 'c_t = f_t ⊙ c_{t-1} + i_t ⊙ g_t'

      printf 'r = σ(W_ir x + W_hr h + b_r)\\n...' | rnn-tutor check gru -

      rnn-tutor check --batch answers.jsonl > graded.jsonl
    """
    if batch is not None:
        if problem is not None or answer is not None:
            _fail("--batch takes its problems from the file; give no PROBLEM or ANSWER")
        _batch(batch, jobs)
        raise typer.Exit(0)
    if problem is None or answer is None:
        _fail("give a PROBLEM id and an ANSWER (or '-' to read it from stdin); see `rnn-tutor check --help`")
    import json

    from ..grading.checking import check as run_check
    from ..bank.problems import UnknownProblem, get
    from . import streams

    try:
        get(problem)
    except UnknownProblem as exc:
        if as_json:
            streams.emit(json.dumps({"problem": problem, "verdict": "invalid", "convention": None,
                                     "interpreted": None, "feedback": [str(exc)]}, ensure_ascii=not streams.unicode_out()))
            raise typer.Exit(Exit.INVALID)
        _fail(str(exc))
    verdict = run_check(problem, _read_answer(answer))
    if as_json:
        streams.emit(json.dumps(verdict.to_json(), ensure_ascii=not streams.unicode_out()))
    else:
        from .render import verdict_panel

        _console().print(verdict_panel(verdict, ascii=ascii or not streams.unicode_out()))
    raise typer.Exit(verdict.exit_code)


@app.command()
def explain(
    topic: Optional[str] = typer.Argument(None, help="rnn, lstm or gru."),
    seed: int = typer.Option(0, "--seed", help="Seed of the worked example's numbers."),
    steps: int = typer.Option(1, "--steps", help="Time steps to unroll (1-12)."),
    hidden: int = typer.Option(2, "--hidden", help="Hidden size H (1-8)."),
    inputs: int = typer.Option(3, "--input", help="Input size X (1-8)."),
    convention: Optional[str] = typer.Option(None, "--convention", help="GRU only: pytorch (default), d2l or wikipedia."),
    ascii: bool = typer.Option(False, "--ascii", help="Plain ASCII for terminals without Unicode."),
) -> None:
    """Explain a cell: intuition, gates, equations, parameter count and a worked example.

    Example: rnn-tutor explain gru --steps 3 --convention d2l
    """
    from ..teaching.explanation import TOPICS, ExplainError
    from ..teaching.explanation import example as make_example
    from ..teaching.explanation import explain as make_explanation

    if topic is None:
        typer.echo("Topics: " + ", ".join(TOPICS) + "  (e.g. rnn-tutor explain lstm)")
        raise typer.Exit(0)
    try:
        expl = make_explanation(topic, hidden, inputs, convention)
        ex = make_example(topic, hidden, inputs, steps, seed, convention)
    except ExplainError as exc:
        _fail(str(exc))
    from .render import explain_view

    from .streams import unicode_out

    _console().print(explain_view(expl, ex, ascii=ascii or not unicode_out()))


class _Terminal:
    """The drill's I/O: input() (with readline editing on a terminal) and a Rich console."""

    def __init__(self):
        self.console = _console()
        if sys.stdin.isatty():
            try:
                import readline  # noqa: F401  (arrow keys and history for input())
            except ImportError:
                pass

    def read(self, prompt: str) -> str:
        if not sys.stdin.isatty():
            sys.stdout.write(prompt)
            sys.stdout.flush()
            line = sys.stdin.readline()
            if not line:
                sys.stdout.write("\n")
                raise EOFError
            line = line.rstrip("\n")
            sys.stdout.write(line + "\n")  # echo, so that a scripted drill reads like a session
            return line
        return input(prompt)

    def show(self, renderable) -> None:
        self.console.print(renderable)


@app.command()
def drill(
    topic: str = typer.Argument(..., help="rnn, lstm, gru, deriv, all, or due (what is due, most overdue first)."),
    whole: bool = typer.Option(False, "--whole", help="Write the whole cell at once (ended by an empty line)."),
) -> None:
    """Practise: one prompt per equation, checked at once, with hints and reveal.

    At the prompt: ? or :hint for the next hint, :show to reveal, :skip, :quit (or Ctrl-D).
    Every answer is saved as it is checked.

    Example: rnn-tutor drill lstm
    """
    from datetime import datetime

    from ..teaching.drill import Drill, DrillError, items_for
    from ..store.progress import Store
    from . import render
    from .render import drill_summary
    from ..store.schedule import humanize, now

    try:
        when = now()
    except ValueError as exc:
        _fail(str(exc))
    store = Store.open()
    try:
        items = items_for(topic, store, whole)
    except DrillError as exc:
        _fail(str(exc))
    io = _Terminal()
    store.on_unsaved = lambda reason: io.show(f"this answer was not saved: {reason}")
    if not items:
        io.show("Nothing is due now. " + _next_due_text(store, when))
        raise typer.Exit(0)
    summary = Drill(items, store, io, whole, view=render).run()
    upcoming = []
    for row in sorted(store.cards().values(), key=lambda r: r.due)[:6]:
        upcoming.append((row.problem, humanize((datetime.fromisoformat(row.due) - when).total_seconds())))
    io.show(drill_summary(summary, upcoming))
    store.close()


@app.command()
def quiz(
    topic: Optional[str] = typer.Argument(None, help="basics, gradients, remedies, shapes, lengths, cells, or all (default)."),
    seed: int = typer.Option(0, "--seed", help="Seed for the order of questions and options."),
    count: Optional[int] = typer.Option(None, "--count", "-n", help="How many questions (default: all of the topic)."),
) -> None:
    """Quiz the concepts: single and multiple choice, matching, ordering, short answers.

    Answers are letters (a, a c, b a c) or, for short answers, a number or an expression.
    :show reveals, :skip, :quit (or Ctrl-D). Every answer is saved and scheduled for review.

    Example: rnn-tutor quiz gradients --seed 3
    """
    from ..teaching.drill import Drill
    from ..store.progress import Store
    from ..teaching.quiz import QuizError, pick
    from . import render
    from .render import drill_summary

    try:
        items = pick(topic, count, seed)
    except QuizError as exc:
        _fail(str(exc))
    if count is not None and count < 1:
        _fail("--count must be at least 1")
    store = Store.open()
    io = _Terminal()
    store.on_unsaved = lambda reason: io.show(f"this answer was not saved: {reason}")
    summary = Drill(items, store, io, seed=seed, view=render).run()
    io.show(drill_summary(summary, [], title="Quiz summary"))
    store.close()


demo_app = typer.Typer(help="Numeric demonstrations: vanishing gradients, gradient clipping.", no_args_is_help=True,
                       rich_markup_mode=None)
app.add_typer(demo_app, name="demo")


@demo_app.command("vanishing")
def demo_vanishing(
    scale: float = typer.Option(0.8, "--scale", help="The RNN's W_hh is scale × an orthogonal matrix: < 1 vanishes, > 1 explodes."),
    length: int = typer.Option(30, "--length", help="Sequence length T (2-200)."),
    hidden: int = typer.Option(8, "--hidden", help="Hidden size (1-64)."),
    inputs: int = typer.Option(4, "--input", help="Input size (1-64)."),
    seed: int = typer.Option(0, "--seed", help="Seed of the random weights and inputs."),
    forget_bias: float = typer.Option(3.0, "--forget-bias", help="The LSTM's forget-gate bias (+3: gates near 0.95)."),
    save: Optional[str] = typer.Option(None, "--save", metavar="FILE.png", help="Also write the plot as an image (needs matplotlib)."),
    ascii: bool = typer.Option(False, "--ascii", help="Plain ASCII."),
) -> None:
    """Plot ‖∂h_T/∂h_t‖ (RNN) and ‖∂c_T/∂c_t‖ (LSTM cell path) on a log scale, t from T back to 0.

    Example: rnn-tutor demo vanishing --scale 1.5
    """
    from ..numeric.gradients import curves, reading
    from .render import vanishing_view

    try:
        c = curves(hidden, inputs, length, scale, seed, forget_bias)
    except ValueError as exc:
        _fail(str(exc))
    if save:
        from .render import PlotError, save_vanishing_png

        try:
            save_vanishing_png(c, save)
        except PlotError as exc:
            _fail(str(exc))
    from .streams import unicode_out

    _console().print(vanishing_view(c, reading(c), ascii=ascii or not unicode_out()))
    if save:
        typer.echo(f"plot written to {save}")


@demo_app.command("clipping")
def demo_clipping(
    theta: float = typer.Option(1.0, "--theta", help="Threshold for clipping by norm."),
    value: float = typer.Option(0.5, "--value", help="Threshold for clipping by value."),
    size: int = typer.Option(6, "--size", help="Number of gradient components (1-20)."),
    seed: int = typer.Option(0, "--seed", help="Seed of the gradient."),
    ascii: bool = typer.Option(False, "--ascii", help="Plain ASCII."),
) -> None:
    """A gradient before and after clipping by norm and by value, with the formula and the numbers.

    Example: rnn-tutor demo clipping --theta 2
    """
    from ..numeric.gradients import clipping_example
    from ..bank.problems import get_from
    from .render import clipping_view
    from ..notation.typeset import show

    try:
        ex = clipping_example(size, theta, value, seed)
    except ValueError as exc:
        _fail(str(exc))
    from .streams import unicode_out

    ascii = ascii or not unicode_out()
    problem = get_from("deriv", "clip.norm")
    formula = show(problem.reference, problem.scope, ascii=ascii)
    _console().print(clipping_view(ex, formula, ascii=ascii))


def _next_due_text(store, when) -> str:
    from datetime import datetime

    from ..store.schedule import humanize

    rows = sorted(store.cards().values(), key=lambda r: r.due)
    if not rows:
        return "Start with: rnn-tutor drill lstm"
    first = rows[0]
    return f"Next: {first.problem} {humanize((datetime.fromisoformat(first.due) - when).total_seconds())}."


@app.command()
def stats(as_json: bool = typer.Option(False, "--json", help="Print the figures as JSON.")) -> None:
    """What you have done, per topic and problem: attempts, accuracy, streak, last seen, next due.

    Example: rnn-tutor stats --json
    """
    import json

    from ..store.progress import Store
    from ..teaching.report import report
    from ..store.schedule import now

    try:
        when = now()
    except ValueError as exc:
        _fail(str(exc))
    data = report(Store.open(create=False), when)
    if as_json:
        from .streams import emit, unicode_out

        emit(json.dumps(data, ensure_ascii=not unicode_out(), indent=1))
        return
    from .render import stats_view

    _console().print(stats_view(data))


@app.command()
def reset(
    topic: Optional[str] = typer.Argument(None, help="rnn, lstm, gru, deriv or quiz; all progress when omitted."),
    yes: bool = typer.Option(False, "--yes", "-y", help="Do not ask for confirmation."),
) -> None:
    """Forget progress (attempts and review cards), for one topic or all.

    Example: rnn-tutor reset lstm --yes
    """
    from ..bank.problems import load
    from ..store.progress import Store, StoreError, home, FILENAME, move_aside

    topics = load()
    if topic is not None and topic not in topics and topic != "quiz":
        _fail(f"unknown topic {topic!r}; choose one of: {', '.join(topics)}, quiz")
    what = f"your {topic} progress" if topic else "all your progress"
    if not yes:
        try:
            ok = typer.confirm(f"Forget {what}?", default=False)
        except (typer.Abort, EOFError, KeyboardInterrupt):
            ok = False
        if not ok:
            typer.echo("Nothing was changed.")
            raise typer.Exit(1)
    try:
        store = Store.open()
    except StoreError as exc:
        if topic is not None:
            _fail(f"{exc} (`rnn-tutor reset` with no topic moves it aside)")
        aside = move_aside(home() / FILENAME, "old")
        if aside is None:
            _fail(f"the progress store {home() / FILENAME} could not be moved aside; nothing was changed")
        typer.echo(f"The old store was moved to {aside}; a new one starts with your next answer.")
        return
    if topic == "quiz":
        from ..teaching.quiz import questions

        problems = [q.card for q in questions()]
    else:
        problems = None if topic is None else [p.id for p in topics[topic].problems]
    removed = store.reset(problems)
    typer.echo(f"Forgot {what} ({removed} attempts).")


def main() -> None:
    """Console-script entry point: Ctrl-C ends quietly with exit 130; streams made safe first."""
    from . import streams

    streams.prepare()
    try:
        app()
    except KeyboardInterrupt:
        sys.stderr.write("interrupted\n")
        sys.exit(130)
    except BrokenPipeError:  # rnn-tutor list | head: the reader left, nothing to report
        streams.silence_stdout()
        sys.exit(0)
    except Exception as exc:
        from ..store.progress import StoreError

        if not isinstance(exc, StoreError):
            raise
        sys.stderr.write(f"error: {exc}\n")  # the one message for a store that must not be touched
        sys.exit(Exit.INVALID)


if __name__ == "__main__":
    main()
