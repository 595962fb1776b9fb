@echo off
rem The command-line launcher: stm32mp-flasher list, stm32mp-flasher program layout.tsv, ...
rem The app runs the command without a window (the Electron fuse RunAsNode is off, so it serves the CLI itself).
"%~dp0STM32MP Flasher.exe" -- %*
exit /b %ERRORLEVEL%
