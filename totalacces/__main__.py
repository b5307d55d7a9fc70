from totalacces.cli import main

main()
