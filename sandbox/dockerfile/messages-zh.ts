/**
 * The Chinese wording of Dockyard's own sentences: the beginner checks and the hints added to
 * BuildKit's checks and errors. BuildKit's messages themselves stay in English, as Docker prints
 * them. Code, options and the file's own values are quoted unchanged.
 */

import { goQuote } from './dump.ts';
import type { Wording } from './language.ts';

export const zhWording: Wording = {
  errorHints: {
    UnknownInstruction: '每行都必须以 Dockerfile 指令开头，例如 FROM、RUN 或 COPY。请检查拼写。',
    UnknownInstructionShellLike:
      '这看起来像一条 shell 命令。如果它属于上面的 RUN，请在上一行末尾加上反斜杠（\\），让命令接着写下去。',
    UnknownFlag: '请检查选项的拼写，或者删掉它：这条指令不接受这个选项。',
    DuplicateFlag: '这个选项只能写一次。',
    FlagMissingValue: '请把选项写成 --name=value 的形式。',
    FlagNotBoolean: '这个选项可以单独写（--link），也可以写成 =true 或 =false。',
    NoDestination: '请把目标路径写成最后一个参数，例如 `COPY package.json /app/`。',
    FromArguments: '请写成 `FROM image` 或 `FROM image AS name`。',
    InvalidStageName: '阶段名必须以字母开头，只能包含小写字母、数字、`-`、`_` 和 `.`。',
    MissingEquals: '每一对都写成 name=value，`=` 两边不要有空格（值里有空格时请加引号）。',
    MissingValue: '请给变量一个值：`ENV NAME=value`。',
    JsonNotStringArray: 'JSON 形式中的每一项都必须是用双引号括起来的字符串。',
    UnterminatedHeredoc: '请用只包含结束标记的一行来结束 heredoc，例如 `EOF`。',
    NoBuildStage: 'Dockerfile 要以 FROM 开头。第一个 FROM 之前只能出现 ARG。',
    NoStages: '请添加一条 FROM 指令来开始一个构建阶段。',
    NoInstructions: '至少要有一条 FROM 指令。',
    EmptyDockerfile: '先写一条 FROM 指令，指明基础镜像及其版本标签。',
    ShellNotJson: 'SHELL 必须使用 JSON 形式，例如 `SHELL ["/bin/bash", "-c"]`。',
    ArgumentCount: '请检查这条指令需要几个参数。',
    ExpansionFailed:
      '请检查这一行中的变量：每个 `${` 都需要对应的 `}`；当 NAME 未设置或为空时，`${NAME:?message}` 会让构建停止。',
    InvalidPortSpec:
      'EXPOSE 接受的是容器端口：0 到 65535 之间的数字，或 8000-8010 这样的范围，后面可以加上 /tcp、/udp 或 /sctp。',
    InvalidSignal: '请使用 SIGTERM、SIGINT、SIGQUIT 这样的信号名（可以省略 SIG），或者信号编号。',
    ChecksumSource: '--checksum 只能用于单个 URL 或 Git 来源；构建上下文中的文件不需要校验和。',
    InvalidMount:
      '请把挂载写成用逗号分隔的 key=value 对，例如 `--mount=type=cache,target=/root/.cache`。',
  },

  buildkitCheckValueHints: {
    JSONArgsRecommended: (instruction: string) =>
      `请使用 JSON 形式 \`${instruction}\`，这样程序会作为 PID 1 运行，并能收到停止信号。`,
    MaintainerDeprecated: (name: string) =>
      `请改用 \`LABEL org.opencontainers.image.authors=${JSON.stringify(name)}\`。`,
    WorkdirRelativePath: (path: string) =>
      `请使用绝对路径：如果这个目录本应位于根目录下，就写 \`WORKDIR /${path}\`。`,
  },

  buildkitCheckHints: {
    StageNameCasing: '请用小写字母书写阶段名。',
    FromAsCasing: 'AS 的大小写要与 FROM 一致（`FROM x AS y` 或 `from x as y`）。',
    NoEmptyContinuation: '请删除这条续行指令中间的空行。',
    ConsistentInstructionCasing: '所有指令请使用同一种大小写，通常是大写。',
    DuplicateStageName: '每个阶段都要有自己的名字。',
    ReservedStageName: '请换一个阶段名：`scratch` 和 `context` 有特殊含义。',
    JSONArgsRecommended:
      '请使用 JSON 形式，每个词一个字符串，这样程序会作为 PID 1 运行，并能收到停止信号。',
    MaintainerDeprecated: '请改用 `LABEL org.opencontainers.image.authors="name"`。',
    UndefinedArgInFrom: '请在第一个 FROM 之前声明这个 ARG，FROM 才能使用它。',
    WorkdirRelativePath: '请使用以 / 开头的绝对路径。',
    UndefinedVar: '请在这一行之前用 ARG 或 ENV 声明这个变量，或者检查它的拼写。',
    MultipleInstructionsDisallowed: '只保留最后一条：前面的那些不会生效。',
    LegacyKeyValueFormat: '请把这一对写成 key=value。',
    RedundantTargetPlatform: '请删掉 --platform 选项：这本来就是默认值。',
    SecretsUsedInArgOrEnv:
      'ARG 和 ENV 的值会保存在镜像里。请改用 `RUN --mount=type=secret` 传递机密信息。',
    InvalidDefaultArgInFrom: '请给这个 ARG 一个能组成有效镜像名的默认值。',
    FromPlatformFlagConstDisallowed: '请去掉 --platform，或者使用 $BUILDPLATFORM 这样的变量。',
    CopyIgnoredFile: '请把这个文件从 .dockerignore 中移除，或者不要复制它。',
    InvalidDefinitionDescription: '注释请以它所描述的名字开头。',
    ExposeProtoCasing: '协议请用小写，例如 80/tcp。',
    ExposeInvalidFormat:
      'EXPOSE 只接受容器端口。端口映射请在运行时用 `docker run -p host:container` 设置。',
  },

  dockyardChecks: {
    BaseImageLatestTag: {
      message: (v: { image: string }) =>
        `基础镜像 ${goQuote(v.image)} 使用的是 "latest" 标签，每当有新版本发布，它指向的内容就会变。`,
      hint: (v: { repository: string }) =>
        `请固定一个版本而不是 latest：\`FROM ${v.repository}:<version>\`，这样下个月构建的结果也一样。`,
    },
    BaseImageWithoutTag: {
      message: (v: { image: string }) =>
        `基础镜像 ${goQuote(v.image)} 没有标签，所以 Docker 会使用 "latest"。`,
      hint: (v: { repository: string }) =>
        `请加上版本标签：\`FROM ${v.repository}:<version>\`，免得构建结果在不知不觉中改变。`,
    },
    AddWhereCopyWorks: {
      message: (v: { sources: string }) =>
        `ADD 复制的是本地文件 ${v.sources}；COPY 也能做到，而且行为更可预期。`,
      hint: (v: { copy: string }) =>
        `请写成 \`${v.copy}\`。ADD 留给 URL、Git 仓库和需要解压的归档文件。`,
    },
    AptGetInstallWithoutYes: {
      message: (v: { command: string }) =>
        `${goQuote(v.command)} 会请求确认，而构建过程中没有人能回答。`,
      hint: (v: { fixed: string }) => `加上 -y，让安装不再询问：\`${v.fixed}\`。`,
    },
    AptListsNotCleaned: {
      message: (v: { command: string }) =>
        `${goQuote(v.command)} 会下载 apt 的软件包列表，而这条 RUN 把它们留在了镜像里（/var/lib/apt/lists）。`,
      hint: (_values: { command: string }) =>
        '请在同一条 RUN 的末尾加上 `&& rm -rf /var/lib/apt/lists/*`。在后面的 RUN 中删除并不能让镜像变小：前面的镜像层里仍然有它们。',
    },
    ConsecutiveRunInstructions: {
      message: (v: { count: number; first: number; last: number }) =>
        `连续 ${v.count} 条 RUN 指令（第 ${v.first}-${v.last} 行）各自添加一个镜像层，也各自缓存。`,
      hint: (v: { joined: string }) =>
        v.joined === ''
          ? '把相关的命令用 `&&` 合并到一条 RUN 中，过长的行用 `\\` 续行。'
          : `把相关的命令用 \`&&\` 合并到一条 RUN 中：\`${v.joined}\`。`,
    },
    CdInRun: {
      message: (v: { command: string }) => `${goQuote(v.command)} 只改变这条 RUN 的当前目录。`,
      hint: (v: { directory: string }) =>
        `在这条 RUN 之前写 \`WORKDIR ${v.directory}\`，为它和后面的指令设置工作目录。`,
    },
    CdOnlyRun: {
      message: (v: { command: string }) =>
        `${goQuote(v.command)} 没有任何效果：下一条指令又会从 WORKDIR 开始。`,
      hint: (v: { directory: string }) => `请把这条 RUN 换成 \`WORKDIR ${v.directory}\`。`,
    },
    ExposedPortNotListening: {
      message: (v: { port: string; server: string; listens: string }) =>
        `EXPOSE ${v.port} 声明的是端口 ${v.port}，但 ${goQuote(v.server)} 监听的是端口 ${v.listens}。`,
      hint: (v: { listens: string }) =>
        `让两者一致：写 \`EXPOSE ${v.listens}\`，或者让服务器在你声明的端口上启动。`,
    },
    CopyAllBeforeInstall: {
      message: (v: { copy: string; install: string; line: number }) =>
        `${goQuote(v.copy)} 在 ${goQuote(v.install)}（第 ${v.line} 行）之前复制了整个构建上下文，所以改动任何文件都会让安装重新执行。`,
      hint: (v: { manifests: string; dest: string; install: string; copy: string }) =>
        `先只复制依赖文件：\`COPY ${v.manifests} ${v.dest}\`，然后 \`RUN ${v.install}\`，最后 \`${v.copy}\`。`,
    },
    ServerInRun: {
      message: (v: { command: string }) =>
        `${goQuote(v.command)} 会启动一个服务器，它会一直运行，而构建要等这条 RUN 结束。`,
      hint: (v: { exec: string }) =>
        v.exec === ''
          ? 'RUN 用于构建镜像。服务器应在容器启动时用 CMD 启动。'
          : `RUN 用于构建镜像。服务器应在容器启动时启动：\`${v.exec}\`。`,
    },
    ExecFormNotJson: {
      message: (v: { keyword: string; text: string }) =>
        `${v.keyword} ${v.text} 开头像 JSON 形式，但不是有效的 JSON，所以 Docker 会用 shell 运行整行。`,
      hint: (v: { fixed: string }) =>
        v.fixed === ''
          ? '请按 JSON 形式书写：每一项都用双引号括起来，项与项之间用逗号分隔，并以 ] 结尾，例如 `CMD ["node", "server.js"]`。'
          : `JSON 只接受双引号：\`${v.fixed}\`。`,
    },
  },
};
