"""Spreadsheet (CSV) imports of activities and volunteers (docs/formats.md)."""

from pea_desktop.services.importing.activities import check_activities, import_activities
from pea_desktop.services.importing.preview import FileCheck
from pea_desktop.services.importing.progress import Progress
from pea_desktop.services.importing.report import ImportReport
from pea_desktop.services.importing.volunteers import check_volunteers, import_volunteers

__all__ = [
    "FileCheck",
    "ImportReport",
    "Progress",
    "check_activities",
    "check_volunteers",
    "import_activities",
    "import_volunteers",
]
