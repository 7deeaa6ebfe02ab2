import DraftForgeCLI
RootCommand.run()
