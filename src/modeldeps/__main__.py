from modeldeps.cli import main

main()
