from harmtrack.cli.app import main

main()
