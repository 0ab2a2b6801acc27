// zh-CN: watch strings (issue D)
export default {
};
