// zh-CN: recording strings (issue D)
export default {
};
