@echo off
rem Opens sansang in a console window big enough for the workshop screens.
rem UTF-8 for the messages below; sansang itself writes Vietnamese in any code page.
chcp 65001 >nul
mode con: cols=120 lines=40
title sansang
"%~dp0sansang.exe" %*
rem A failure (the database open in another window, say) stays readable until a key.
if errorlevel 1 pause
