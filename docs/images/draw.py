"""Redraw the pictures of docs/plots.md: python docs/images/draw.py (needs the plot extra)."""

from pathlib import Path

from conflictevents.examples import first_week_2022, samples
from conflictevents.interop import general_staff, oryx
from conflictevents.plot import plot_divergence, plot_figures

HERE = Path(__file__).parent
TANKS = "equipment_loss/side=RU/equipment=tank/status=lost"
ARTICLE = [
    "casualty_count/side=RU/category=military/outcome=killed",
    "casualty_count/side=UA/category=military/outcome=killed",
    "casualty_count/side=UA/category=military/outcome=wounded",
    "casualty_count/side=UA/category=civilian/outcome=killed",
]

if __name__ == "__main__":
    losses = [
        *general_staff.read(samples() / "general-staff" / "russia_losses_equipment.json"),
        *oryx.read(samples() / "oryx" / "daily_count.csv"),
    ]
    plot_figures(losses, [TANKS]).savefig(HERE / "tanks-general-staff-oryx.png")
    plot_figures(first_week_2022(), ARTICLE).savefig(HERE / "article-casualties.png")
    plot_divergence([*first_week_2022(), *losses], top=6).savefig(HERE / "divergence.png")
