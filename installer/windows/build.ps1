# Build the Windows installer, on a Windows machine (PyInstaller does not cross-compile).
# Needs: Python 3.11+ (python.org, "py" launcher) and NSIS 3 (makensis on the PATH, or in
# "C:\Program Files (x86)\NSIS"). From the repository:
#   powershell -ExecutionPolicy Bypass -File installer\windows\build.ps1
# Result: dist\pea-desktop-VERSION-windows-setup.exe
$ErrorActionPreference = "Stop"
$Root = Resolve-Path (Join-Path $PSScriptRoot "..\..")
Set-Location $Root

if (-not (Test-Path ".venv-windows")) { py -3 -m venv .venv-windows }
$Python = Join-Path $Root ".venv-windows\Scripts\python.exe"
& $Python -m pip install --quiet --upgrade pip
& $Python -m pip install --quiet ".[installer]"
$Version = & $Python -c "from pea_desktop import __version__; print(__version__)"

$Build = Join-Path $Root "build\installer"
if (Test-Path "$Build\dist") { Remove-Item -Recurse -Force "$Build\dist" }
& $Python -m PyInstaller --noconfirm --log-level WARN `
    --distpath "$Build\dist" --workpath "$Build\work" installer\pea-desktop.spec
if ($LASTEXITCODE -ne 0) { throw "PyInstaller a échoué" }
$Bundle = Join-Path $Build "dist\pea-desktop"

# The bundle must start and find its resources before it is packed.
& "$Bundle\pea-desktop-console.exe" --version
if ($LASTEXITCODE -ne 0) { throw "pea-desktop --version a échoué" }

$MakeNsis = (Get-Command makensis -ErrorAction SilentlyContinue).Source
if (-not $MakeNsis) { $MakeNsis = "${env:ProgramFiles(x86)}\NSIS\makensis.exe" }
New-Item -ItemType Directory -Force -Path "dist" | Out-Null
$Setup = Join-Path $Root "dist\pea-desktop-$Version-windows-setup.exe"
& $MakeNsis -V2 "-DVERSION=$Version" "-DBUNDLE=$Bundle" "-DOUTFILE=$Setup" installer\windows\pea-desktop.nsi
if ($LASTEXITCODE -ne 0) { throw "makensis a échoué" }
Write-Host "Installateur Windows : $Setup"
