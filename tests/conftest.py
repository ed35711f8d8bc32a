"""Test-wide setup: an empty, private workspace, so a developer's imported layers never leak in."""

from __future__ import annotations

import os
import tempfile

os.environ["ZQ_WORKSPACE"] = tempfile.mkdtemp(prefix="zq-test-workspace-")
