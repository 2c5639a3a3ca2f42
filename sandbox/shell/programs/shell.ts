import type { Dialect } from '../interpreter.ts';
import type { Program, ProgramContext } from '../program.ts';
import { runScript } from '../run-script.ts';
import { optionByLetter, optionByName, type ShellOptions } from '../options.ts';
import { readText } from './common.ts';

function setOption(options: Partial<ShellOptions>, name: string, on: boolean): void {
  if (name === 'errexit' || name === 'nounset' || name === 'xtrace' || name === 'pipefail') {
    options[name] = on;
  }
}

/**
 * `sh`, `dash`, `bash` (and BusyBox's `sh`/`ash`): run `-c` text, a script file, or standard
 * input. Interactive use (a prompt) belongs to the terminal, not to this program.
 */
export function shellProgram(dialect: Dialect): Program {
  return async (context: ProgramContext) => {
    const arg0 = context.argv[0] ?? 'sh';
    const args = context.argv.slice(1);
    let commandMode = false;
    const options: Partial<ShellOptions> = {};
    let i = 0;
    for (; i < args.length; i++) {
      const arg = args[i]!;
      if (arg === '--' || arg === '-') {
        i++;
        break;
      }
      if (!/^[-+][a-zA-Z]+$/.test(arg)) break;
      const on = arg.startsWith('-');
      if (arg === '-o' || arg === '+o') {
        const name = args[++i] ?? '';
        const option = optionByName(dialect, name);
        if (option === undefined) {
          context.io.stderr(
            dialect === 'dash'
              ? `${arg0}: 0: Illegal option -o ${name}\n`
              : dialect === 'ash'
                ? `${arg0}: illegal option -o ${name}\n`
                : `${arg0}: ${name}: invalid option name\n`,
          );
          return 2;
        }
        setOption(options, option, on);
        continue;
      }
      for (const letter of arg.slice(1)) {
        if (letter === 'c') commandMode = on;
        else {
          const option = optionByLetter(dialect, letter);
          if (option !== undefined) setOption(options, option, on);
        }
      }
    }
    const rest = args.slice(i);

    if (commandMode) {
      const script = rest[0];
      if (script === undefined) {
        context.io.stderr(
          dialect === 'bash'
            ? `${arg0}: -c: option requires an argument\n`
            : `${arg0}: 0: -c requires an argument\n`,
        );
        return 2;
      }
      return runScript(script, context, {
        commandString: true,
        shellName: rest[1] ?? arg0,
        positional: rest.slice(2),
        dialect,
        options,
      });
    }

    const file = rest[0];
    if (file === undefined) {
      return runScript(context.io.stdin, context, {
        shellName: arg0,
        dialect,
        options,
        commandString: false,
      });
    }
    const text = readText(context, file);
    if (text === 'ENOENT' || text === 'EISDIR' || text === 'ENOTDIR' || text === 'ELOOP') {
      if (dialect === 'bash') {
        context.io.stderr(`${arg0}: ${file}: No such file or directory\n`);
        return 127;
      }
      const where = dialect === 'dash' ? '0: ' : '';
      context.io.stderr(`${arg0}: ${where}cannot open ${file}: No such file\n`);
      return 2;
    }
    return runScript(text, context, {
      commandString: false,
      shellName: file,
      positional: rest.slice(1),
      dialect,
      options,
    });
  };
}
