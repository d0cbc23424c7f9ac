from kikcalc.cli import main

main()
