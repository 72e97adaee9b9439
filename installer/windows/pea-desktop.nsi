; PEA Desktop - Windows installer (NSIS 3, Modern UI 2), in French.
; Per-user install, no administrator rights: %LOCALAPPDATA%\Programs\PEA Desktop.
; Start-menu and desktop shortcuts; an uninstaller that removes the program only - the
; user's bases, backups and logs (%LOCALAPPDATA%\PEA\pea-desktop) are left alone.
;
; Compile-time paths use "/" (makensis accepts it on Windows and Linux) and are relative to
; this folder (makensis works from the script's folder); give BUNDLE as an absolute path.
; Built by installer/windows/build.ps1 on Windows:
;   makensis -DVERSION=0.1.0 -DBUNDLE=<one-folder bundle> -DOUTFILE=<setup.exe> pea-desktop.nsi
; CI compiles it on Linux against the Linux bundle, as a check of the script.

Unicode true
!ifdef CHECK_ONLY
  SetCompress off  ; the Linux compile check: the script is checked, the output thrown away
!else
  SetCompressor /SOLID lzma
!endif
!include "MUI2.nsh"

!ifndef VERSION
  !error "Give -DVERSION=X.Y.Z"
!endif
!ifndef BUNDLE
  !error "Give -DBUNDLE=<the PyInstaller one-folder bundle>"
!endif
!ifndef OUTFILE
  !define OUTFILE "pea-desktop-${VERSION}-windows-setup.exe"
!endif
!define NAME "PEA Desktop"
!define EXE "pea-desktop.exe"
!define UNINSTALL_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\PEA Desktop"
!define ICON "../../resources/icons/pea-desktop.ico"

Name "${NAME}"
OutFile "${OUTFILE}"
RequestExecutionLevel user
InstallDir "$LOCALAPPDATA\Programs\${NAME}"
InstallDirRegKey HKCU "${UNINSTALL_KEY}" "InstallLocation"
BrandingText "${NAME} ${VERSION}"
VIProductVersion "${VERSION}.0"
VIAddVersionKey /LANG=1036 "ProductName" "${NAME}"
VIAddVersionKey /LANG=1036 "FileDescription" "Installation de ${NAME}"
VIAddVersionKey /LANG=1036 "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=1036 "LegalCopyright" "GPL-3.0-or-later"

!define MUI_ICON "${ICON}"
!define MUI_UNICON "${ICON}"
!define MUI_ABORTWARNING
!define MUI_FINISHPAGE_RUN "$INSTDIR\${EXE}"
!define MUI_FINISHPAGE_RUN_TEXT "Lancer ${NAME}"

!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_LICENSE "../../LICENSE"
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES
!insertmacro MUI_LANGUAGE "French"

Section "${NAME}" Main
  SetShellVarContext current
  SetOutPath "$INSTDIR"
  ; An update replaces the program files; the data folder is elsewhere and is not touched.
  RMDir /r "$INSTDIR\_internal"
  File /r "${BUNDLE}/*"
  WriteUninstaller "$INSTDIR\desinstaller.exe"

  CreateDirectory "$SMPROGRAMS\${NAME}"
  CreateShortcut "$SMPROGRAMS\${NAME}\${NAME}.lnk" "$INSTDIR\${EXE}" "" "$INSTDIR\${EXE}" 0
  CreateShortcut "$SMPROGRAMS\${NAME}\Désinstaller ${NAME}.lnk" "$INSTDIR\desinstaller.exe"
  CreateShortcut "$DESKTOP\${NAME}.lnk" "$INSTDIR\${EXE}" "" "$INSTDIR\${EXE}" 0

  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayName" "${NAME}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayIcon" "$INSTDIR\${EXE}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "Publisher" "PEA"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "UninstallString" '"$INSTDIR\desinstaller.exe"'
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoModify" 1
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoRepair" 1
SectionEnd

Section "Uninstall"
  SetShellVarContext current
  ; Only what the installer put there: never a recursive delete of $INSTDIR itself, in case
  ; the user installed into a folder holding other files.
  RMDir /r "$INSTDIR\_internal"
  Delete "$INSTDIR\pea-desktop.exe"
  Delete "$INSTDIR\pea-desktop-console.exe"
  Delete "$INSTDIR\desinstaller.exe"
  RMDir "$INSTDIR"
  Delete "$SMPROGRAMS\${NAME}\${NAME}.lnk"
  Delete "$SMPROGRAMS\${NAME}\Désinstaller ${NAME}.lnk"
  RMDir "$SMPROGRAMS\${NAME}"
  Delete "$DESKTOP\${NAME}.lnk"
  DeleteRegKey HKCU "${UNINSTALL_KEY}"
  ; The bases, backups and logs (%LOCALAPPDATA%\PEA\pea-desktop) are deliberately kept.
  MessageBox MB_OK|MB_ICONINFORMATION "${NAME} a été désinstallé. Vos bases et leurs sauvegardes sont conservées dans $LOCALAPPDATA\PEA\pea-desktop." /SD IDOK
SectionEnd
