using SpackMon.Server.Cli;

return await SpackMonCli.RunAsync(args, Console.Out, Console.Error);
