; Inno Setup script of Coordinateur: a per-user installer (no administrator rights), Start-menu entry,
; desktop icon on request, uninstaller. Built by `python packaging/build.py` on Windows, which fills the
; version and calls ISCC.exe (Inno Setup 6). The data folder is never removed by the uninstaller.
#define AppName "Coordinateur"
#ifndef AppVersion
  #define AppVersion "0.0.0"
#endif
#ifndef SourceDir
  #define SourceDir "..\dist\coordinateur"
#endif

[Setup]
AppId={{7C2B5E1A-3F4D-4E7B-9A61-5C0D2E8F4B19}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=Coordinateur
VersionInfoVersion={#AppVersion}
VersionInfoDescription=Coordinateur — coordination du maintien à domicile
DefaultDirName={localappdata}\Programs\Coordinateur
DefaultGroupName=Coordinateur
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
OutputDir=..\dist
OutputBaseFilename=Coordinateur-{#AppVersion}-installation
SetupIconFile=..\icones\coordinateur.ico
UninstallDisplayIcon={app}\coordinateur.exe
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible

[Languages]
Name: "fr"; MessagesFile: "compiler:Languages\French.isl"

[Tasks]
Name: "bureau"; Description: "Créer une icône sur le bureau"; GroupDescription: "Raccourcis :"; Flags: unchecked

[Files]
Source: "{#SourceDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\Coordinateur"; Filename: "{app}\coordinateur.exe"
Name: "{group}\Désinstaller Coordinateur"; Filename: "{uninstallexe}"
Name: "{userdesktop}\Coordinateur"; Filename: "{app}\coordinateur.exe"; Tasks: bureau

[Run]
Filename: "{app}\coordinateur.exe"; Description: "Lancer Coordinateur"; Flags: nowait postinstall skipifsilent
