"""The session-state keys the page owns (widget keys such as ``lang`` or ``flt.*`` hold the rest)."""

from __future__ import annotations

K_INIT = "_zq_initialised"
K_IGNORED = "_zq_ignored"
K_RECORD = "_zq_record"
K_LANG = "_zq_widget_lang"  # the language the widgets were last drawn in
K_VIEW = "_zq_view"  # the latest view the map reported (a click or the "use this view" button)
K_MAP_VIEW = "_zq_map_view"  # the view a map is built at (the link's; zq-view.js restores later)
TOOLS = ("none", "analysis", "data", "present")  # ?tool= opens one from a link
