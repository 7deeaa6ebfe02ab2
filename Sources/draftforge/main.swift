import DraftForgeCLI
RootCommand.main()
