"""Stage 6, teaching: the drill loop, the quiz, the explanations and the stats report.

They grade answers and record progress, so they sit above grading and the
store. May import every stage below; never the interface (the drill is handed
a view to build its panels with).
"""
