from __future__ import annotations

from pea_desktop.ui.common.refresh_on_show import RefreshOnShow


class Counting(RefreshOnShow):
    def __init__(self) -> None:
        super().__init__()
        self.refreshes = 0

    def refresh(self) -> None:
        self.refreshes += 1


def test_a_hidden_view_refreshes_once_when_shown(qtbot) -> None:  # type: ignore[no-untyped-def]
    view = Counting()
    qtbot.addWidget(view)
    view.request_refresh()
    view.request_refresh(42)  # signals with an argument connect to it too
    assert view.refreshes == 0
    view.show()
    assert view.refreshes == 1
    view.request_refresh()
    assert view.refreshes == 2
    view.hide()
    view.show()  # nothing changed while hidden: no query
    assert view.refreshes == 2
