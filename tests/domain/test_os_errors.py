import errno

from pea_desktop.domain.os_errors import describe_os_error


def test_common_system_errors_are_told_in_french() -> None:
    assert describe_os_error(FileNotFoundError(errno.ENOENT, "No such file")) == (
        "fichier ou dossier introuvable"
    )
    assert describe_os_error(PermissionError(errno.EACCES, "Permission denied")) == "accès refusé"
    assert describe_os_error(OSError(errno.ENOSPC, "No space left")) == "le disque est plein"


def test_unknown_errors_keep_the_system_words() -> None:
    assert describe_os_error(OSError(errno.ECONNRESET, "Connection reset")) == "Connection reset"
    assert describe_os_error(ValueError("autre")) == "autre"
